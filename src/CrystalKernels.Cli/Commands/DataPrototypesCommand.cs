using System.CommandLine;
using CrystalKernels.Crystals.Io;
using CrystalKernels.Crystals.Prototypes;

namespace CrystalKernels.Cli.Commands;

/// <summary>crystal data prototypes: writes the built-in synthetic prototype crystals to a file.</summary>
public sealed class DataPrototypesCommand : ICliCommand
{
    public string[] Parent => ["data"];

    public Command Build()
    {
        var count = new Option<int>("--count") { Description = "Number of structures", DefaultValueFactory = _ => BuiltinData.DefaultCount };
        var seed = new Option<ulong>("--seed") { Description = "Generator seed (structure i depends only on seed and i)", DefaultValueFactory = _ => 0UL };
        var output = new Option<string>("--output") { Description = "Output file (.extxyz/.xyz for all in one file, .cif, ...)", Required = true };
        var cmd = new Command("prototypes", "Write SYNTHETIC prototype crystals (rock salt, perovskite, spinel, ...) with charge-balanced substitutions");
        cmd.Options.Add(count);
        cmd.Options.Add(seed);
        cmd.Options.Add(output);
        cmd.SetAction(parse =>
        {
            var structures = PrototypeGenerator.Generate(parse.GetValue(count), parse.GetValue(seed));
            var path = parse.GetValue(output)!;
            StructureIo.Write(path, structures);
            Console.WriteLine($"wrote {structures.Count} synthetic prototype structures to {path}");
            return 0;
        });
        return cmd;
    }
}
