using System.Globalization;
using System.Text;
using CrystalKernels.Crystals;
using CrystalKernels.Models.EquiformerV2;
using CrystalKernels.Training.Checkpoints;
using CrystalKernels.Training.Runs;

namespace CrystalKernels.Training.Finetune;

/// <summary>
/// crystal predict: a fine-tuned (classify or regress) checkpoint rebuilds its own model from the config it stores and
/// predicts one row per structure. Classification rows: id, predicted class name, one probability per class.
/// Regression rows: id and the predicted value(s) in the label file's units (standardisation undone, then 10^x after
/// a log10 transform).
/// </summary>
public sealed class FinetunePredictor
{
    private FinetunePredictor(RunConfig config, EquiformerV2Model model, string source)
    {
        Config = config;
        Model = model;
        Source = source;
    }

    public RunConfig Config { get; }

    public EquiformerV2Model Model { get; }

    public string Source { get; }

    public FinetuneConfig Finetune => Config.Finetune;

    public static FinetunePredictor Load(string path)
    {
        var ckpt = Checkpoint.Load(path);
        if (ckpt.Kind is not (CheckpointKind.Classify or CheckpointKind.Regress))
        {
            throw new CheckpointException($"{path} is a '{Checkpoint.KindName(ckpt.Kind)}' checkpoint; crystal predict needs a fine-tuned 'classify' or 'regress' checkpoint (make one with: crystal finetune --task classify|regress --init <pretrain checkpoint>)");
        }

        var config = ConfigLoader.FromYaml(new RunConfig(), ckpt.ConfigYaml, $"{path} (stored config)");
        var expected = ckpt.Kind == CheckpointKind.Classify ? FinetuneTask.Classify : FinetuneTask.Regress;
        if (config.Finetune.Task != expected || config.Finetune.OutputWidth is null)
        {
            throw new CheckpointException($"{path}: a '{Checkpoint.KindName(ckpt.Kind)}' checkpoint whose config has finetune.task {ConfigValueParser.Format(config.Finetune.Task)} and output width {config.Finetune.OutputWidth?.ToString(CultureInfo.InvariantCulture) ?? "null"}");
        }

        var model = FinetuneModel.Create(config, config.Train.Seed);
        ckpt.LoadParameters(model.Parameters);
        return new FinetunePredictor(config, model, path);
    }

    /// <summary>The CSV header.</summary>
    public IReadOnlyList<string> Columns()
    {
        var k = Finetune.OutputWidth!.Value;
        if (Finetune.Task == FinetuneTask.Classify)
        {
            return ["material_id", "prediction", .. FinetuneResolve.ClassNames(Finetune).Select(n => $"p_{n}")];
        }

        return k == 1 ? ["material_id", "prediction"] : ["material_id", .. Enumerable.Range(0, k).Select(i => string.Create(CultureInfo.InvariantCulture, $"prediction_{i}"))];
    }

    /// <summary>One row of cells per structure; ids default to <paramref name="fallbackId"/> (the file name) + index.</summary>
    public IEnumerable<string[]> Rows(IReadOnlyList<Structure> structures, string fallbackId)
    {
        var k = Finetune.OutputWidth!.Value;
        var outputs = FinetuneInference.Outputs(Model, structures, Math.Max(1, Config.Data.ValBatchSize));
        var names = FinetuneResolve.ClassNames(Finetune);
        var values = Finetune.Task == FinetuneTask.Classify
            ? FinetuneInference.Softmax(outputs, k)
            : LabelEncoding.Unstandardize(outputs, Finetune.TargetMean, Finetune.TargetStd).Select(v => LabelEncoding.Untransform(v, Config.Data.LabelTransform)).ToArray();
        for (var i = 0; i < structures.Count; i++)
        {
            var id = structures[i].Id is { Length: > 0 } s ? s : structures.Count == 1 ? fallbackId : string.Create(CultureInfo.InvariantCulture, $"{fallbackId}#{i}");
            var row = values.AsSpan(i * k, k);
            var cells = new List<string> { id };
            if (Finetune.Task == FinetuneTask.Classify)
            {
                var best = 0;
                for (var c = 1; c < k; c++)
                {
                    best = row[c] > row[best] ? c : best;
                }

                cells.Add(names[best]);
            }

            foreach (var v in row)
            {
                cells.Add(v.ToString("R", CultureInfo.InvariantCulture));
            }

            yield return cells.ToArray();
        }
    }

    /// <summary>Writes the header and rows as RFC-4180 CSV.</summary>
    public void WriteCsv(TextWriter w, IReadOnlyList<Structure> structures, string fallbackId)
    {
        w.Write(string.Join(",", Columns().Select(Quote)) + "\n");
        foreach (var row in Rows(structures, fallbackId))
        {
            w.Write(string.Join(",", row.Select(Quote)) + "\n");
        }
    }

    private static string Quote(string s) =>
        s.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + s.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : s;
}
