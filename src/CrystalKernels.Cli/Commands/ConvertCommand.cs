using System.CommandLine;
using CrystalKernels.Crystals;
using CrystalKernels.Crystals.Io;

namespace CrystalKernels.Cli.Commands;

/// <summary>
/// crystal convert --input A --output B: formats from the file names (StructureIo). A multi-structure input (multi-block
/// CIF, extxyz frames, JSON array, dataset CSV, phonon jsonl) goes into one file when the output format holds several
/// (.cif data blocks, .extxyz frames, .json array) and into one file per structure for POSCAR and geometry.in
/// (named by StructureIo.PerStructurePath: POSCAR_&lt;id&gt;, x_&lt;id&gt;.vasp, geometry_&lt;id&gt;.in).
/// Bad CSV rows are reported on stderr and skipped.
/// </summary>
public sealed class ConvertCommand : ICliCommand
{
    public Command Build()
    {
        var input = new Option<string>("--input") { Description = "Input structure file (.cif, POSCAR, .vasp, .xyz/.extxyz, .json, geometry.in, .csv[.gz], .jsonl[.gz])", Required = true };
        var output = new Option<string>("--output") { Description = "Output file (.cif, POSCAR, .vasp, .xyz/.extxyz, .json, geometry.in)", Required = true };
        var majority = new Option<bool>("--majority-species") { Description = "Keep the majority species on partially occupied sites instead of failing" };
        var cmd = new Command("convert", "Convert crystal structure files between CIF, POSCAR, extended XYZ, pymatgen JSON and FHI-aims");
        cmd.Options.Add(input);
        cmd.Options.Add(output);
        cmd.Options.Add(majority);
        cmd.SetAction(parseResult =>
        {
            var inPath = parseResult.GetValue(input)!;
            var outPath = parseResult.GetValue(output)!;
            var skipped = 0;
            IReadOnlyList<Structure> structures;
            IReadOnlyList<string> written;
            try
            {
                structures = StructureIo.Read(inPath, new CifReadOptions { MajoritySpecies = parseResult.GetValue(majority) }, err =>
                {
                    skipped++;
                    Console.Error.WriteLine($"skipped: {err}");
                });
                written = Convert(structures, outPath);
            }
            catch (Exception e) when (e is FormatException or IOException or ArgumentException or InvalidOperationException)
            {
                Console.Error.WriteLine($"error: {e.Message}");
                return 1;
            }

            Console.WriteLine($"read {structures.Count} structure(s) from {inPath}{(skipped > 0 ? $" ({skipped} bad rows skipped)" : string.Empty)}; wrote {written.Count} file(s): {Summary(written)}");
            return 0;
        });
        return cmd;
    }

    /// <summary>Writes the structures to <paramref name="outPath"/>, split per structure when the format holds one.</summary>
    public static IReadOnlyList<string> Convert(IReadOnlyList<Structure> structures, string outPath)
    {
        if (structures.Count == 0)
        {
            throw new InvalidOperationException("no structures to write");
        }

        if (structures.Count == 1 || StructureIo.HoldsMany(StructureIo.Detect(outPath)))
        {
            StructureIo.Write(outPath, structures);
            return [outPath];
        }

        var paths = new List<string>(structures.Count);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < structures.Count; i++)
        {
            var p = StructureIo.PerStructurePath(outPath, structures[i], i);
            if (!seen.Add(p))
            {
                p = StructureIo.PerStructurePath(outPath, structures[i].With(id: $"{structures[i].Id}_{i}"), i);
                seen.Add(p);
            }

            StructureIo.Write(p, [structures[i]]);
            paths.Add(p);
        }

        return paths;
    }

    private static string Summary(IReadOnlyList<string> paths) =>
        paths.Count <= 3 ? string.Join(", ", paths) : $"{paths[0]}, {paths[1]}, ... {paths[^1]}";
}
