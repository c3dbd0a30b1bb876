using CrystalKernels.Training.Checkpoints;
using CrystalKernels.Training.Modeling;
using CrystalKernels.Training.Progress;
using CrystalKernels.Training.Runs;

namespace CrystalKernels.Training.Finetune;

/// <summary>The command-line inputs of crystal finetune.</summary>
public sealed record FinetuneRequest
{
    /// <summary>classify or regress (sets finetune.task after the config file and overrides).</summary>
    public string? Task { get; init; }

    /// <summary>The pretrain checkpoint (--init); required unless resuming.</summary>
    public string? Init { get; init; }

    public string? ConfigFile { get; init; }

    public IReadOnlyList<string> Overrides { get; init; } = [];

    public string? OutDir { get; init; }

    /// <summary>A classify/regress checkpoint to continue (its stored config is the base of the overrides).</summary>
    public string? Resume { get; init; }

    public ulong? Seed { get; init; }

    public ProgressMode Progress { get; init; } = ProgressMode.Auto;
}

/// <summary>
/// Resolves and runs crystal finetune: the run's model section is the pretrain checkpoint's (the backbone's
/// architecture cannot change), with model.init_from = --init; the data-dependent finetune keys are resolved from the
/// training split; config.yaml, metrics.jsonl, plots and checkpoints/ go to the run folder.
/// </summary>
public static class FinetuneRun
{
    public static FinetuneResult Execute(FinetuneRequest request, TextWriter log, StopSignal stop)
    {
        var overrides = request.Overrides.ToList();
        if (request.Task is { } task)
        {
            overrides.Add($"finetune.task={task}");
        }

        if (request.Seed is { } seed)
        {
            overrides.Add($"train.seed={seed}");
        }

        RunConfig config;
        LoadedCheckpoint? resume = null;
        string? init = null;
        if (request.Resume is not null)
        {
            resume = Checkpoint.Load(request.Resume, CheckpointKind.Classify, CheckpointKind.Regress);
            config = ConfigLoader.Load(ModelCheckpoint.ConfigOf(resume), request.ConfigFile, overrides);
        }
        else
        {
            init = request.Init ?? throw new ConfigException("crystal finetune: --init is required (the pretrain checkpoint whose backbone is fine-tuned)");
            var pretrained = ModelCheckpoint.ConfigOf(Checkpoint.Load(init, CheckpointKind.Pretrain));
            config = ConfigLoader.Load(new RunConfig(), request.ConfigFile, overrides);
            config = config with { Model = pretrained.Model with { InitFrom = init, OutputChannels = null } };
        }

        var data = FinetuneData.Load(config.Data, m => log.WriteLine(m));
        config = FinetuneResolve.Apply(config, data);
        log.WriteLine(data.Describe());
        // A resumed run continues in its own folder (checkpoints/ sits in it) unless --out says otherwise.
        var outDir = request.OutDir ?? (request.Resume is { } r ? Path.GetDirectoryName(Path.GetDirectoryName(Path.GetFullPath(r))) : null);
        var run = RunDirectory.Create("finetune", outDir);
        run.WriteConfig(config);
        var trainer = new FinetuneTrainer(config, data, run, init, resume, log);
        var result = trainer.Run(stop, request.Progress);
        log.WriteLine($"run folder: {run.Path}");
        log.WriteLine($"checkpoint: {result.Loop.LastCheckpoint}{(result.Loop.BestCheckpoint is { } b ? $" (best: {b})" : string.Empty)}");
        log.WriteLine($"report: {run.MetricsPath}; plots: {Path.Combine(run.Path, config.Finetune.Task == FinetuneTask.Classify ? "confusion.png" : "parity.png")}, {Path.Combine(run.Path, "loss.png")}");
        return result;
    }
}
