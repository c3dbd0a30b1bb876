using System.Globalization;
using System.Text;
using CrystalKernels.Crystals;
using CrystalKernels.Models.Config;
using CrystalKernels.Models.EquiformerV2;
using CrystalKernels.Training.Checkpoints;
using CrystalKernels.Training.Data;
using CrystalKernels.Training.Finetune;
using CrystalKernels.Training.Modeling;
using CrystalKernels.Training.Plots;
using CrystalKernels.Training.Progress;
using CrystalKernels.Training.Runs;

namespace CrystalKernels.Training.Gan;

/// <summary>
/// A whole GAN run (paper-spec 4.4-4.5): the generator from a pretrain checkpoint, the discriminator from a classify
/// checkpoint (2 graph logits, class 1 = real/stable), or both networks and optimizers from a gan checkpoint with
/// --resume; data as pretraining (data.train, and data.val or the hash-split val bucket); <see cref="TrainLoop"/> with
/// <see cref="GanTask"/>; report.md with the per-epoch losses and accuracies.
/// </summary>
public static class GanRun
{
    /// <summary>The verb's defaults: builtin:prototypes, 3 epochs, the best checkpoint by the code's val loss_g.</summary>
    public static GanRunConfig Defaults { get; } = new()
    {
        Data = new DataConfig { Train = ["builtin:prototypes"] },
        Train = new TrainConfig { Epochs = 3, LogEvery = 10, BestMetric = "loss_g_raw", BestMode = "min" },
    };

    /// <summary>
    /// Defaults (or the gan checkpoint's stored configuration when resuming), then the YAML file, then the overrides
    /// (the CLI turns --generator, --discriminator and --mode into gan.* overrides).
    /// </summary>
    public static GanRunConfig ResolveConfig(string? yamlPath, IEnumerable<string> overrides, string? resume)
    {
        if (yamlPath is not null && !File.Exists(yamlPath))
        {
            throw new FileNotFoundException($"config file not found: {yamlPath}", yamlPath);
        }

        var start = resume is null ? Defaults : ConfigOf(Checkpoint.Load(resume, CheckpointKind.Gan));
        return ConfigLoader.Load(start, yamlPath, overrides);
    }

    public static GanRunConfig ConfigOf(LoadedCheckpoint ckpt) => ConfigLoader.FromYaml(new GanRunConfig(), ckpt.ConfigYaml, $"{ckpt.Path} (stored config)");

    /// <summary>The discriminator's head: the stability classifier's 2 logits (class 1 = real/stable).</summary>
    public static OutputHead DiscriminatorHead(GanConfig gan) => OutputHead.Graph(2, GraphTask.Classification, gan.DiscriminatorAggregation);

    /// <summary>The head a stability classifier was fine-tuned with: 2 classes and its stored aggregation.</summary>
    private static OutputHead ClassifierHead(RunConfig classifier)
    {
        var k = classifier.Finetune.OutputWidth ?? classifier.Finetune.Classes ?? 2;
        if (classifier.Finetune.Task != FinetuneTask.Classify || k != 2)
        {
            throw new ArgumentException($"gan: the discriminator must be a 2-class classifier (stable / unstable), got a {classifier.Finetune.Task.ToString().ToLowerInvariant()} checkpoint with {k} outputs");
        }

        return OutputHead.Graph(2, GraphTask.Classification, classifier.Finetune.Aggregation);
    }

    public static TrainingRunResult Run(GanRunConfig config, string? outDir, string? resume, ProgressMode progress, TextWriter log, StopSignal stop, string runsRoot = "runs")
    {
        config = config with { Gan = config.Gan.Validate() };
        EquiformerV2Model generator, discriminator;
        LoadedCheckpoint? resumed = null;
        if (resume is not null)
        {
            resumed = Checkpoint.Load(resume, CheckpointKind.Gan);
            generator = ModelFactory.Create(config.GeneratorModel, OutputHead.Species, positionHead: true, config.Train.Seed);
            discriminator = ModelFactory.Create(config.DiscriminatorModel, DiscriminatorHead(config.Gan), positionHead: false, config.Train.Seed);
            outDir ??= Path.GetDirectoryName(Path.GetDirectoryName(Path.GetFullPath(resume)));
        }
        else
        {
            var gPath = config.Gan.Generator ?? throw new ArgumentException("gan: the generator checkpoint is required (--generator PRETRAIN.safetensors or gan.generator=...)");
            var dPath = config.Gan.Discriminator ?? throw new ArgumentException("gan: the discriminator checkpoint is required (--discriminator CLASSIFY.safetensors or gan.discriminator=...)");
            var g = ModelCheckpoint.LoadPretrain(gPath);
            var d = ModelCheckpoint.Load(dPath, ClassifierHead, false, CheckpointKind.Classify);
            (generator, discriminator) = (g.Model, d.Model);
            config = config with
            {
                GeneratorModel = g.Config.Model,
                DiscriminatorModel = d.Config.Model,
                Gan = config.Gan with { DiscriminatorAggregation = d.Config.Finetune.Aggregation },
            };
            log.WriteLine($"generator from {gPath} (preset {g.Config.Model.Preset}); discriminator from {dPath} (preset {d.Config.Model.Preset})");
        }

        var gan = new GanStep(generator, discriminator, config.Gan, config.Mask, config.Noise, config.Train.WeightLossPos, config.Train.Seed);
        var (train, val) = ReadData(config, log);
        var run = RunDirectory.Create("gan", outDir, runsRoot);
        run.WriteConfig(config);
        var batches = new StructureBatches(train, config.Data.BatchSize, config.Data.Shuffle, config.Train.Seed);
        var task = new GanTask(gan, ConfigYaml.Write(config), batches.BatchesPerEpoch, val, config.Data.ValBatchSize);
        var state = TrainLoop.Fresh(config.Train.Seed);
        if (resumed is not null)
        {
            state = task.Restore(resumed);
            if (state.Seed != config.Train.Seed)
            {
                log.WriteLine($"warning: resuming a run trained with seed {state.Seed} under train.seed = {config.Train.Seed}: the continuation will not match an uninterrupted run");
            }
        }

        log.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"gan ({ModeName(config.Gan.Mode)}): G {generator.Parameters.Sum(p => p.Numel):N0} + D {discriminator.Parameters.Sum(p => p.Numel):N0} parameters ({generator.DType.ToString().ToLowerInvariant()}), train {train.Count}, val {val.Count}, batch {config.Data.BatchSize}, {batches.BatchesPerEpoch} G steps/epoch, D every {config.Gan.DiscriminatorEvery}, run {run.Path}"));
        var result = TrainLoop.Run(task, batches, run, TrainLoopOptions.From(config.Train, progress, $"gan ({ModeName(config.Gan.Mode)})", log), state, stop);
        var report = WriteReport(run, config, result);
        return new TrainingRunResult(run.Path, result.LastCheckpoint, result.BestCheckpoint, report, result);
    }

    public static string ModeName(GanMode mode) => mode == GanMode.AuthorsCode ? "authors-code" : "intended";

    private static (IReadOnlyList<Structure> Train, IReadOnlyList<Structure> Val) ReadData(GanRunConfig config, TextWriter log)
    {
        var skipped = 0;
        void Skip(string message)
        {
            if (++skipped <= 20)
            {
                log.WriteLine($"skipped: {message}");
            }
        }

        var all = StructureSource.Read(config.Data.Train, "data.train", Skip);
        var (train, val) = config.Data.Val.Count > 0
            ? (all, StructureSource.Read(config.Data.Val, "data.val", Skip))
            : (StructureSource.HashSplitOf(all, Split.Train), StructureSource.HashSplitOf(all, Split.Val));
        if (train.Count == 0)
        {
            throw new ArgumentException($"data.train: no usable structures in {string.Join(", ", config.Data.Train)}");
        }

        return (train, val);
    }

    /// <summary>report.md: configuration, checkpoints, per-epoch train means and validation; loss curves beside it.</summary>
    public static string WriteReport(RunDirectory run, GanRunConfig config, TrainLoopResult result)
    {
        var records = MetricsLog.Read(run.MetricsPath);
        var sb = new StringBuilder();
        sb.AppendLine("# GAN report").AppendLine();
        sb.AppendLine(CultureInfo.InvariantCulture, $"- mode: {ModeName(config.Gan.Mode)}; w_W {config.Gan.WeightW}, w_pos {config.Train.WeightLossPos}, lr_G {config.Gan.LrG}, lr_D {config.Gan.LrD}, D every {config.Gan.DiscriminatorEvery} batches");
        sb.AppendLine(CultureInfo.InvariantCulture, $"- generator: `{config.Gan.Generator}` (preset {config.GeneratorModel.Preset}); discriminator: `{config.Gan.Discriminator}` (preset {config.DiscriminatorModel.Preset})");
        sb.AppendLine(CultureInfo.InvariantCulture, $"- steps: {result.State.Step}, epochs completed: {result.State.Epoch}{(result.StopReason is null ? string.Empty : $" (stopped: {result.StopReason})")}");
        sb.AppendLine(CultureInfo.InvariantCulture, $"- checkpoints: `{result.LastCheckpoint}`{(result.BestCheckpoint is null ? string.Empty : $", best `{result.BestCheckpoint}`")}");
        sb.AppendLine();
        var names = new[] { "loss_g", "loss_d", "acc_d", "acc_d_real", "acc_d_fake", "acc_g_label" };
        foreach (var split in new[] { "train_epoch", "val" })
        {
            var rows = records.Where(r => r.Split == split).GroupBy(r => r.Epoch).OrderBy(g => g.Key).ToList();
            if (rows.Count == 0)
            {
                continue;
            }

            sb.AppendLine($"| {split} epoch | {string.Join(" | ", names)} |");
            sb.AppendLine("|---|" + string.Concat(names.Select(_ => "---|")));
            foreach (var g in rows)
            {
                var byName = g.GroupBy(r => r.Name).ToDictionary(x => x.Key, x => x.Last().Value);
                var cells = string.Join(" | ", names.Select(n => byName.TryGetValue(n, out var v) ? v.ToString("G5", CultureInfo.InvariantCulture) : string.Empty));
                sb.AppendLine(CultureInfo.InvariantCulture, $"| {g.Key + 1} | {cells} |");
            }

            sb.AppendLine();
        }

        if (records.Any(r => r.Split == "train" && r.Name == "loss_g" && double.IsFinite(r.Value)))
        {
            LossCurvePlot.Save(records, Path.Combine(run.Path, "loss_curves.png"), r => r.Name is "loss_g" or "loss_d", "GAN losses (generator Eq. 3, discriminator L_W)");
            sb.AppendLine("![loss curves](loss_curves.png)");
        }

        var path = Path.Combine(run.Path, "report.md");
        File.WriteAllText(path, sb.ToString());
        return path;
    }
}
