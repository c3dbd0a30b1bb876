using System.CommandLine;
using CrystalKernels.Crystals;
using CrystalKernels.Crystals.Io;
using CrystalKernels.Crystals.Metrics;

namespace CrystalKernels.Cli.Commands;

/// <summary>
/// crystal validity: CDVAE structural validity (min distance ≥ 0.5 Å, volume ≥ 0.1 Å³) and SMACT compositional
/// validity over every structure of a file (CIF, POSCAR, extxyz, JSON, dataset CSV). Defaults reproduce the literature
/// (SMACT14 set, CDVAE's missing-electronegativity behaviour); the line names the settings used.
/// </summary>
public sealed class ValidityCommand : ICliCommand
{
    public Command Build()
    {
        var input = new Option<string>("--input") { Description = "Structure file (.cif, POSCAR, .xyz, .json, .csv[.gz]) or builtin:prototypes[:N[:SEED]]", Required = true };
        var oxSet = new Option<string>("--oxidation-set", "--ox-set")
        {
            Description = "SMACT oxidation-state set: smact2014 (SMACT < 3.0, CDVAE) or icsd24 (SMACT >= 3.0)",
            DefaultValueFactory = _ => "smact2014",
        };
        oxSet.AcceptOnlyFromAmong("smact2014", "icsd24");
        var missing = new Option<string>("--missing-eneg")
        {
            Description = "Missing Pauling electronegativity: pass (SMACT 2.2 TypeError caught by CDVAE) or fail (SMACT >= 2.6)",
            DefaultValueFactory = _ => "pass",
        };
        missing.AcceptOnlyFromAmong("pass", "fail");

        var cmd = new Command("validity", "Structural and SMACT compositional validity of the structures in a file");
        cmd.Options.Add(input);
        cmd.Options.Add(oxSet);
        cmd.Options.Add(missing);
        cmd.SetAction(parseResult =>
        {
            var options = new SmactOptions(
                parseResult.GetValue(oxSet) == "icsd24" ? OxidationStateSet.Icsd24 : OxidationStateSet.Smact2014,
                parseResult.GetValue(missing) == "fail" ? MissingElectronegativityRule.Fail : MissingElectronegativityRule.CdvaeTypeErrorPasses);
            var path = parseResult.GetValue(input)!;
            var skipped = 0;
            var structures = InputStructures.Read(path, e =>
            {
                skipped++;
                Console.Error.WriteLine($"skipped: {e}");
            });
            if (structures.Count == 0)
            {
                Console.Error.WriteLine($"{path}: no structures read");
                return 1;
            }

            var summary = new ValiditySummary(options);
            foreach (var s in structures)
            {
                summary.Add(s);
            }

            Console.WriteLine(summary.Format() + (skipped > 0 ? $" skipped={skipped}" : ""));
            return 0;
        });
        return cmd;
    }
}
