using System.CommandLine;
using CrystalKernels.Crystals.Metrics;
using CrystalKernels.Training.Modeling;
using CrystalKernels.Training.Pretraining;

namespace CrystalKernels.Cli.Commands;

/// <summary>
/// crystal evaluate: the paper's evaluation of a pretrained generator (paper-spec 4.6) on a test set: α/β/γ masks,
/// σ̃ position noise, validity, compositional and structural similarity, masked-site accuracy beside the
/// most-frequent-species baseline, the replacement matrix against the data-mined substitution probabilities.
/// Prints "evaluate n=.. struct_valid=.. comp_valid=.. comp_similarity=.. struct_similarity=.." and writes CSV + PNG.
/// </summary>
public sealed class EvaluateCommand : ICliCommand
{
    public Command Build()
    {
        var model = new Option<string>("--model") { Description = "Pretrain checkpoint, or a GAN checkpoint (its generator) (.safetensors)", Required = true };
        var data = new Option<string>("--data") { Description = "Test structures: a file, a .csv[.gz] dataset or builtin:prototypes[:N[:SEED]]", Required = true };
        var mask = new Option<string>("--mask") { Description = "alpha (each species in turn), beta (15 % random x5) or gamma (30 % random x5)", DefaultValueFactory = _ => "beta" };
        var noise = new Option<double>("--noise") { Description = "sigma~: noise = sigma~ x min distance", DefaultValueFactory = _ => 0.1 };
        var limit = new Option<int?>("--limit") { Description = "Evaluate only the first N structures" };
        var outDir = new Option<string?>("--out") { Description = "Folder for CSV and PNG (default runs/evaluate-<mask>-yyyyMMdd-HHmmss)" };
        var lambda = new Option<string?>("--lambda") { Description = "pymatgen lambda.json for the data-mined substitution baseline (default ../shared/data/pymatgen-data/lambda.json when present)" };
        var baseline = new Option<string?>("--baseline-data") { Description = "Structures whose most frequent species is the baseline (default: the checkpoint's data.train, else --data)" };
        var seed = new Option<ulong>("--seed") { Description = "Seed of the masks and noise", DefaultValueFactory = _ => 0UL };
        var cmd = new Command("evaluate", "Evaluate a pretrained model: validity, similarity, masked-site accuracy, replacement matrix (paper Fig. 4-5)");
        foreach (var o in new Option[] { model, data, mask, noise, limit, outDir, lambda, baseline, seed })
        {
            cmd.Options.Add(o);
        }

        cmd.SetAction(p => TrainingVerb.Guard(() =>
        {
            var maskKind = EvaluationMasks.Parse(p.GetValue(mask)!);
            var ckptPath = p.GetValue(model)!;
            var loaded = Training.Gan.GeneratorCheckpoint.Load(ckptPath);
            var structures = StructureSource.ReadOne(p.GetValue(data)!, "--data", e => Console.Error.WriteLine($"skipped: {e}"));
            if (p.GetValue(limit) is { } n)
            {
                structures = structures.Take(Math.Max(0, n)).ToList();
            }

            var lambdaPath = p.GetValue(lambda) ?? DefaultLambda();
            var substitution = lambdaPath is null ? null : SubstitutionProbability.Load(lambdaPath);
            if (lambdaPath is null)
            {
                Console.Error.WriteLine("note: no lambda.json found (--lambda); the substitution comparison is skipped");
            }

            var (baselineSpecies, baselineSource) = BaselineSpecies(p.GetValue(baseline), loaded, structures);
            var options = new PretrainEvaluationOptions(maskKind, p.GetValue(noise), p.GetValue(seed), SmactOptions.Cdvae, substitution, baselineSpecies);
            var result = PretrainEvaluation.Run(loaded, structures, options);
            var folder = p.GetValue(outDir) ?? Training.Runs.RunDirectory.Create($"evaluate-{maskKind.ToString().ToLowerInvariant()}").Path;
            var metrics = Path.Combine(Path.GetDirectoryName(Path.GetDirectoryName(Path.GetFullPath(ckptPath)))!, Training.Runs.RunDirectory.MetricsFile);
            var files = EvaluationReport.Write(result, folder, metrics);
            Console.WriteLine(result.Line());
            Console.WriteLine(result.Details() + $" baseline_from={baselineSource}");
            Console.WriteLine($"report: {folder} ({string.Join(", ", files.Select(Path.GetFileName))})");
            return 0;
        }));
        return cmd;
    }

    private static string? DefaultLambda()
    {
        foreach (var root in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var d = new DirectoryInfo(root); d is not null; d = d.Parent)
            {
                var candidate = Path.Combine(d.FullName, "shared", "data", "pymatgen-data", "lambda.json");
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }
        }

        return null;
    }

    private static (IEnumerable<int> Species, string Source) BaselineSpecies(string? path, LoadedModel loaded, IReadOnlyList<Crystals.Structure> evaluated)
    {
        if (path is not null)
        {
            return (StructureSource.ReadOne(path, "--baseline-data").SelectMany(s => s.Species).ToArray(), path);
        }

        var train = loaded.Config.Data.Train;
        if (train.Count > 0 && train.All(t => Crystals.Prototypes.BuiltinData.IsBuiltin(t) || File.Exists(t)))
        {
            return (StructureSource.Read(train, "data.train").SelectMany(s => s.Species).ToArray(), string.Join("+", train));
        }

        return (evaluated.SelectMany(s => s.Species).ToArray(), "evaluated-data");
    }
}
