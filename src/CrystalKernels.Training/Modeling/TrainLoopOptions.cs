using CrystalKernels.Training.Progress;
using CrystalKernels.Training.Runs;

namespace CrystalKernels.Training.Modeling;

/// <summary>Length, logging, validation and checkpoint cadence of a <see cref="TrainLoop"/> run.</summary>
public sealed record TrainLoopOptions
{
    public int Epochs { get; init; } = 1;

    /// <summary>Stop after this many optimizer steps in total (0 = epochs decide).</summary>
    public long MaxSteps { get; init; }

    /// <summary>Write the mean of the last this-many steps' metrics to metrics.jsonl (split "train").</summary>
    public int LogEvery { get; init; } = 50;

    public int ValEvery { get; init; } = 1;

    /// <summary>Also save last every this many steps (0 = at epoch ends only).</summary>
    public long CheckpointEvery { get; init; }

    /// <summary>Validation metric that picks best.safetensors.</summary>
    public string BestMetric { get; init; } = "loss";

    public bool Minimize { get; init; } = true;

    public ProgressMode Progress { get; init; } = ProgressMode.Auto;

    public string Title { get; init; } = "train";

    /// <summary>Epoch summaries and notices (null: none).</summary>
    public TextWriter? Log { get; init; }

    public static TrainLoopOptions From(TrainConfig t, ProgressMode progress, string title, TextWriter? log) => new()
    {
        Epochs = t.Epochs,
        MaxSteps = t.MaxSteps,
        LogEvery = Math.Max(1, t.LogEvery),
        ValEvery = Math.Max(1, t.ValEvery),
        CheckpointEvery = t.CheckpointEvery,
        BestMetric = t.BestMetric,
        Minimize = t.BestMode.ToLowerInvariant() switch
        {
            "min" => true,
            "max" => false,
            _ => throw new ConfigException($"train.best_mode = '{t.BestMode}' is not min or max"),
        },
        Progress = progress,
        Title = title,
        Log = log,
    };
}

/// <summary>How a <see cref="TrainLoop"/> run ended.</summary>
/// <param name="StopReason">null when every epoch ran; "max_steps", "Ctrl-C", "SIGTERM", ... otherwise.</param>
public sealed record TrainLoopResult(
    Checkpoints.TrainingState State,
    string LastCheckpoint,
    string? BestCheckpoint,
    string? StopReason,
    IReadOnlyDictionary<string, double>? LastValidation);
