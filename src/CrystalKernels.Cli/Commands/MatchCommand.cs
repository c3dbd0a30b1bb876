using System.CommandLine;
using System.Globalization;
using CrystalKernels.Crystals.Io;
using CrystalKernels.Crystals.Matching;

namespace CrystalKernels.Cli.Commands;

/// <summary>
/// crystal match: pymatgen StructureMatcher between the structures of two files. One structure each: prints
/// "match=true|false rms=.. max=..". Several each (equal counts, e.g. predictions vs ground truth): one row per
/// pair i ↔ i, then the CDVAE/DiffCSP match rate and RMSE over the pairs.
/// </summary>
public sealed class MatchCommand : ICliCommand
{
    public Command Build()
    {
        var a = new Option<FileInfo>("--a") { Description = "First structure file (.cif, POSCAR, .xyz, .json, .csv[.gz])", Required = true };
        var b = new Option<FileInfo>("--b") { Description = "Second structure file, same number of structures as --a", Required = true };
        var settings = new Option<string>("--settings")
        {
            Description = "default: pymatgen StructureMatcher() (ltol 0.2, stol 0.3, angle_tol 5); csp: CDVAE/DiffCSP match rate (ltol 0.3, stol 0.5, angle_tol 10)",
            DefaultValueFactory = _ => "default",
        };
        settings.AcceptOnlyFromAmong("default", "csp");

        var cmd = new Command("match", "Structure match (pymatgen StructureMatcher) between two files, or the match rate of paired files");
        cmd.Options.Add(a);
        cmd.Options.Add(b);
        cmd.Options.Add(settings);
        cmd.SetAction(parseResult =>
        {
            var chosen = parseResult.GetValue(settings) == "csp" ? StructureMatcherSettings.Csp : StructureMatcherSettings.PymatgenDefault;
            var pathA = parseResult.GetValue(a)!.FullName;
            var pathB = parseResult.GetValue(b)!.FullName;
            // A skipped row would shift the pairing, so any unreadable structure stops the command.
            var errors = new List<string>();
            var listA = StructureIo.Read(pathA, onError: e => errors.Add($"{pathA}: {e}"));
            var listB = StructureIo.Read(pathB, onError: e => errors.Add($"{pathB}: {e}"));
            if (errors.Count > 0)
            {
                errors.ForEach(Console.Error.WriteLine);
                Console.Error.WriteLine("match pairs structures by position; fix or drop the unreadable rows in both files");
                return 1;
            }

            if (listA.Count == 0 || listB.Count == 0)
            {
                Console.Error.WriteLine($"{(listA.Count == 0 ? pathA : pathB)}: no structures read");
                return 1;
            }

            if (listA.Count != listB.Count)
            {
                Console.Error.WriteLine($"--a has {listA.Count} structures but --b has {listB.Count}; pairs need equal counts");
                return 1;
            }

            var matcher = new StructureMatcher(chosen);
            if (listA.Count == 1)
            {
                Console.WriteLine(Row(matcher.GetRmsDist(listA[0], listB[0])) + " " + chosen);
                return 0;
            }

            var rate = new MatchRate();
            for (var i = 0; i < listA.Count; i++)
            {
                var r = matcher.GetRmsDist(listA[i], listB[i]);
                rate.Add(r);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{i} {listA[i].Id ?? "-"} {listB[i].Id ?? "-"} {Row(r)}"));
            }

            Console.WriteLine(rate.Format() + " " + chosen);
            return 0;
        });
        return cmd;
    }

    private static string Row(MatchResult? r) => r is { } m
        ? string.Create(CultureInfo.InvariantCulture, $"match=true rms={m.Rms:F6} max={m.MaxDistance:F6}")
        : "match=false rms=none max=none";
}
