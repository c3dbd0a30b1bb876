using System.Globalization;
using System.Text;
using CrystalKernels.Crystals;
using CrystalKernels.Training.Checkpoints;
using CrystalKernels.Training.Data;
using CrystalKernels.Training.Modeling;
using CrystalKernels.Training.Plots;
using CrystalKernels.Training.Progress;
using CrystalKernels.Training.Runs;

namespace CrystalKernels.Training.Pretraining;

/// <summary>
/// A whole pretraining run: read the data (data.train; data.val, or the hash-split val bucket of data.train when
/// data.val is empty), build the model (model.preset + overrides, species + position heads) and the optimizer,
/// restore both from --resume, run <see cref="TrainLoop"/> with <see cref="PretrainTask"/>, and write report.md with
/// the loss curves.
/// </summary>
public static class PretrainRun
{
    /// <summary>
    /// The verb's defaults: the <c>small</c> model on builtin:prototypes, batch 5, Adam 1e-4, w_pos 200 (the authors'
    /// settings), 3 epochs so that a run with no arguments finishes in a few minutes on 2 cores.
    /// </summary>
    public static RunConfig Defaults { get; } = new()
    {
        Data = new DataConfig { Train = ["builtin:prototypes"] },
        Train = new TrainConfig { Epochs = 3, LogEvery = 10 },
    };

    /// <summary>
    /// The run's configuration: the defaults (or, when resuming, the checkpoint's stored configuration), then the
    /// YAML file, then key=value overrides; an unknown key is an error naming it.
    /// </summary>
    public static RunConfig ResolveConfig(string? yamlPath, IEnumerable<string> overrides, string? resume)
    {
        if (yamlPath is not null && !File.Exists(yamlPath))
        {
            throw new FileNotFoundException($"config file not found: {yamlPath}", yamlPath);
        }

        var start = resume is null ? Defaults : ModelCheckpoint.ConfigOf(Checkpoint.Load(resume, CheckpointKind.Pretrain));
        return ConfigLoader.Load(start, yamlPath, overrides);
    }

    public static TrainingRunResult Run(RunConfig config, string? outDir, string? resume, ProgressMode progress, TextWriter log, StopSignal stop, string runsRoot = "runs")
    {
        var dtype = ModelFactory.DTypeOf(config.Model);
        var model = ModelFactory.Create(config.Model, Models.Config.OutputHead.Species, positionHead: true, config.Train.Seed, dtype);
        var optimizer = OptimizerFactory.Create(config.Optim, model.Parameters);
        var state = TrainLoop.Fresh(config.Train.Seed);
        if (resume is not null)
        {
            var ckpt = Checkpoint.Load(resume, CheckpointKind.Pretrain);
            ckpt.LoadParameters(model.Parameters);
            ckpt.RestoreOptimizer("optim", optimizer);
            state = ckpt.State;
            if (state.Seed != config.Train.Seed)
            {
                log.WriteLine($"warning: resuming a run trained with seed {state.Seed} under train.seed = {config.Train.Seed}: the continuation will not match an uninterrupted run");
            }

            // Resuming continues the checkpoint's run folder (its metrics.jsonl) unless --out says otherwise.
            outDir ??= Path.GetDirectoryName(Path.GetDirectoryName(Path.GetFullPath(resume)));
        }
        else if (config.Model.InitFrom is { } init)
        {
            var copied = ModelCheckpoint.LoadBackbone(init, model, kinds: CheckpointKind.Pretrain);
            log.WriteLine($"initialised {copied.Count} parameters from {init}");
        }

        var skipped = 0;
        void Skip(string message)
        {
            if (++skipped <= 20)
            {
                log.WriteLine($"skipped: {message}");
            }
        }

        var trainAll = StructureSource.Read(config.Data.Train, "data.train", Skip);
        IReadOnlyList<Structure> train, val;
        if (config.Data.Val.Count > 0)
        {
            train = trainAll;
            val = StructureSource.Read(config.Data.Val, "data.val", Skip);
        }
        else
        {
            train = StructureSource.HashSplitOf(trainAll, Split.Train);
            val = StructureSource.HashSplitOf(trainAll, Split.Val);
        }

        if (skipped > 20)
        {
            log.WriteLine($"skipped {skipped} structures in all ({skipped - 20} not listed)");
        }

        if (train.Count == 0)
        {
            throw new ArgumentException($"data.train: no usable structures in {string.Join(", ", config.Data.Train)}");
        }

        var run = RunDirectory.Create("pretrain", outDir, runsRoot);
        run.WriteConfig(config);
        var batches = new StructureBatches(train, config.Data.BatchSize, config.Data.Shuffle, config.Train.Seed);
        var totalSteps = config.Train.MaxSteps > 0 ? Math.Min(config.Train.MaxSteps, (long)config.Train.Epochs * batches.BatchesPerEpoch) : (long)config.Train.Epochs * batches.BatchesPerEpoch;
        var schedule = OptimizerFactory.Schedule(config.Optim, totalSteps);
        var task = new PretrainTask(config, model, optimizer, schedule, val);
        log.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"pretrain: model {config.Model.Preset} ({model.Parameters.Sum(p => p.Numel):N0} parameters, {dtype.ToString().ToLowerInvariant()}), train {train.Count} structures, val {val.Count}, batch {config.Data.BatchSize}, {batches.BatchesPerEpoch} steps/epoch x {config.Train.Epochs} epochs, run {run.Path}"));
        var options = TrainLoopOptions.From(config.Train, progress, "pretrain", log);
        var result = TrainLoop.Run(task, batches, run, options, state, stop);
        var report = WriteReport(run, config, result, train.Count, val.Count);
        return new TrainingRunResult(run.Path, result.LastCheckpoint, result.BestCheckpoint, report, result);
    }

    /// <summary>report.md (configuration, final metrics, per-epoch validation) and loss_curves.png beside it.</summary>
    public static string WriteReport(RunDirectory run, RunConfig config, TrainLoopResult result, int trainCount, int valCount)
    {
        var records = MetricsLog.Read(run.MetricsPath);
        var sb = new StringBuilder();
        sb.AppendLine("# Pretraining report").AppendLine();
        sb.AppendLine(CultureInfo.InvariantCulture, $"- model: preset `{config.Model.Preset}`, dtype {config.Model.Dtype}");
        sb.AppendLine(CultureInfo.InvariantCulture, $"- data: train {trainCount} structures ({string.Join(", ", config.Data.Train)}), val {valCount}");
        sb.AppendLine(CultureInfo.InvariantCulture, $"- optimizer: {config.Optim.Name} lr {config.Optim.Lr}, batch {config.Data.BatchSize}, w_pos {config.Train.WeightLossPos}, seed {config.Train.Seed}");
        sb.AppendLine(CultureInfo.InvariantCulture, $"- steps: {result.State.Step}, epochs completed: {result.State.Epoch}{(result.StopReason is null ? string.Empty : $" (stopped: {result.StopReason})")}");
        sb.AppendLine(CultureInfo.InvariantCulture, $"- checkpoints: `{result.LastCheckpoint}`{(result.BestCheckpoint is null ? string.Empty : $", best `{result.BestCheckpoint}`")}");
        sb.AppendLine();
        var val = records.Where(r => r.Split == "val").GroupBy(r => r.Epoch).OrderBy(g => g.Key).ToList();
        if (val.Count > 0)
        {
            var names = val.SelectMany(g => g.Select(r => r.Name)).Distinct().ToList();
            sb.AppendLine("| epoch | step | " + string.Join(" | ", names.Select(n => "val " + n)) + " |");
            sb.AppendLine("|---|---|" + string.Concat(names.Select(_ => "---|")));
            foreach (var g in val)
            {
                var byName = g.GroupBy(r => r.Name).ToDictionary(x => x.Key, x => x.Last().Value);
                var cells = string.Join(" | ", names.Select(n => byName.TryGetValue(n, out var v) ? v.ToString("G5", CultureInfo.InvariantCulture) : string.Empty));
                sb.AppendLine(CultureInfo.InvariantCulture, $"| {g.Key + 1} | {g.Last().Step} | {cells} |");
            }

            sb.AppendLine();
        }

        var plot = Path.Combine(run.Path, "loss_curves.png");
        if (records.Any(r => r.Name == "loss" && double.IsFinite(r.Value)))
        {
            LossCurvePlot.Save(records, plot, r => r.Name == "loss", "Pretraining loss (species NLL + w_pos · position MSE)");
            sb.AppendLine("![loss curves](loss_curves.png)");
        }

        var path = Path.Combine(run.Path, "report.md");
        File.WriteAllText(path, sb.ToString());
        return path;
    }
}
