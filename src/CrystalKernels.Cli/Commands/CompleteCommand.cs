using System.CommandLine;
using System.Globalization;
using System.Text;
using CrystalKernels.Crystals;
using CrystalKernels.Crystals.Corruption;
using CrystalKernels.Crystals.Io;
using CrystalKernels.Tensors.Random;
using CrystalKernels.Training.Modeling;
using CrystalKernels.Training.Pretraining;

namespace CrystalKernels.Cli.Commands;

/// <summary>
/// crystal complete: mask species of given structures (all atoms of one species, or a random fraction), optionally
/// perturb the positions, and let a pretrained model fill the masked sites (argmax species) and denoise every
/// position. Writes the completed structures and a per-site table (printed, and as CSV beside the output).
/// </summary>
public sealed class CompleteCommand : ICliCommand
{
    public Command Build()
    {
        var model = new Option<string>("--model") { Description = "Pretrain checkpoint, or a GAN checkpoint (its generator) (.safetensors)", Required = true };
        var input = new Option<string>("--input") { Description = "Structure file (.cif, POSCAR, .xyz, .json, .csv[.gz]) or builtin:prototypes[:N[:SEED]]", Required = true };
        var mask = new Option<string?>("--mask") { Description = "Mask every atom of a species, e.g. species:O" };
        var maskRandom = new Option<double?>("--mask-random") { Description = "Mask this fraction of the atoms at random (ceil(f·N) distinct atoms), e.g. 0.15" };
        var noise = new Option<double>("--noise") { Description = "Perturb positions first: sigma = NOISE x min interatomic distance (0 = use the input as it is)", DefaultValueFactory = _ => 0.0 };
        var output = new Option<string>("--output") { Description = "Completed structure(s); format from the extension", Required = true };
        var topK = new Option<int>("--top-k") { Description = "Probabilities shown per site", DefaultValueFactory = _ => 3 };
        var seed = new Option<ulong>("--seed") { Description = "Seed of the random mask and noise", DefaultValueFactory = _ => 0UL };
        var cmd = new Command("complete", "Fill masked sites and denoise positions with a pretrained model");
        foreach (var o in new Option[] { model, input, mask, maskRandom, noise, output, topK, seed })
        {
            cmd.Options.Add(o);
        }

        cmd.SetAction(p => TrainingVerb.Guard(() =>
        {
            var loaded = Training.Gan.GeneratorCheckpoint.Load(p.GetValue(model)!);
            var structures = InputStructures.Read(p.GetValue(input)!, e => Console.Error.WriteLine($"skipped: {e}"));
            if (structures.Count == 0)
            {
                throw new ArgumentException($"{p.GetValue(input)}: no structures read");
            }

            var maskSpec = p.GetValue(mask);
            var fraction = p.GetValue(maskRandom);
            if (maskSpec is not null && fraction is not null)
            {
                throw new ArgumentException("give --mask or --mask-random, not both");
            }

            var maskZ = maskSpec is null ? (int?)null : ParseSpeciesMask(maskSpec);
            var sigma = p.GetValue(noise);
            if (!(sigma >= 0) || !double.IsFinite(sigma))
            {
                throw new ArgumentException($"--noise {sigma}: must be a finite value >= 0");
            }

            var k = Math.Clamp(p.GetValue(topK), 1, Elements.Count);
            var rootSeed = p.GetValue(seed);
            var inputs = new List<Structure>();
            var masks = new List<bool[]>();
            for (var b = 0; b < structures.Count; b++)
            {
                var s = structures[b];
                var m = maskZ is { } z ? SpeciesMasking.MaskAllOf(s.Species, z).Masked
                    : fraction is { } f ? SpeciesMasking.MaskCrystal(s.Species, MaskStrategy.Random, EvaluationMasks.RandomOptions(f), RngStream.Create(rootSeed, "complete-mask").Sub((ulong)b)).Masked
                    : new bool[s.Count];
                if (maskZ is { } zz && !m.Any(x => x))
                {
                    Console.Error.WriteLine($"warning: {s}: no {Elements.Symbol(zz)} atom to mask");
                }

                var positions = sigma > 0
                    ? PositionNoise.Apply(s, loaded.Config.Noise with { SigmaRatio = sigma }, PositionNoise.StreamFor(rootSeed, 0, b)).Noisy
                    : s.Positions;
                inputs.Add(new Structure(s.Lattice, new MaskResult(m, MaskStrategy.Species).Apply(s.Species), positions, s.Id));
                masks.Add(m);
            }

            var completed = Completion.Run(loaded.Model, loaded.Config.Noise.TargetFrame, inputs);
            var outPath = p.GetValue(output)!;
            var results = completed.Select(c => c.Completed(allSites: false)).ToList();
            WriteStructures(outPath, results);
            var table = SiteTable(structures, completed, k);
            var csv = SitesCsvPath(outPath);
            File.WriteAllText(csv, table);
            Console.Write(table);
            Console.WriteLine($"completed {results.Count} structure(s), {masks.Sum(m => m.Count(x => x))} masked site(s) -> {outPath}; per-site table -> {csv}");
            return 0;
        }));
        return cmd;
    }

    /// <summary>species:O → 8.</summary>
    public static int ParseSpeciesMask(string spec)
    {
        const string prefix = "species:";
        if (!spec.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
        {
            throw new ArgumentException($"--mask '{spec}': expected species:SYMBOL, e.g. species:O");
        }

        var symbol = spec[prefix.Length..];
        return Elements.TryZ(symbol) is var z and > 0 ? z : throw new ArgumentException($"--mask '{spec}': '{symbol}' is not an element symbol");
    }

    public static string SitesCsvPath(string output)
    {
        var name = Path.GetFileName(output);
        var stem = name.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? Path.GetFileNameWithoutExtension(name) : name;
        stem = Path.GetFileNameWithoutExtension(stem);
        return Path.Combine(Path.GetDirectoryName(Path.GetFullPath(output))!, (stem.Length > 0 ? stem : name) + ".sites.csv");
    }

    /// <summary>structure,site,input,predicted,top1,p1,...,topk,pk,dx,dy,dz,displacement (Å): input = the true species, "*" marks a masked site.</summary>
    public static string SiteTable(IReadOnlyList<Structure> originals, IReadOnlyList<CompletedStructure> completed, int k)
    {
        var inv = CultureInfo.InvariantCulture;
        var sb = new StringBuilder();
        sb.Append("structure,site,input,masked,predicted");
        for (var j = 1; j <= k; j++)
        {
            sb.Append(inv, $",top{j},p{j}");
        }

        sb.AppendLine(",dx,dy,dz,displacement");
        for (var b = 0; b < completed.Count; b++)
        {
            var c = completed[b];
            var id = (originals[b].Id ?? $"structure{b}").Replace(',', '_');
            for (var i = 0; i < c.Input.Count; i++)
            {
                var masked = c.Input.Species[i] == 0;
                var predicted = masked ? c.Argmax[i] : c.Input.Species[i];
                sb.Append(inv, $"{id},{i},{Elements.Symbol(originals[b].Species[i])},{(masked ? 1 : 0)},{Elements.Symbol(predicted)}");
                foreach (var (z, prob) in c.TopK(i, k))
                {
                    sb.Append(inv, $",{Elements.Symbol(z)},{prob:F4}");
                }

                var d = c.Displacement[i];
                sb.AppendLine(inv, $",{d.X:F4},{d.Y:F4},{d.Z:F4},{d.Norm:F4}");
            }
        }

        return sb.ToString();
    }

    private static void WriteStructures(string path, IReadOnlyList<Structure> structures)
    {
        if (StructureIo.HoldsMany(StructureIo.Detect(path)) || structures.Count == 1)
        {
            StructureIo.Write(path, structures);
            return;
        }

        for (var i = 0; i < structures.Count; i++)
        {
            StructureIo.Write(StructureIo.PerStructurePath(path, structures[i], i), [structures[i]]);
        }
    }
}
