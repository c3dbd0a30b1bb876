namespace CrystalKernels.Training.Runs;

/// <summary>The <c>train:</c> section: length, seed, loss weights and how often to log, validate and save.</summary>
public sealed record TrainConfig
{
    public int Epochs { get; init; } = 10;

    /// <summary>Stop after this many optimizer steps (0 = no limit; epochs decide).</summary>
    public long MaxSteps { get; init; }

    /// <summary>Seed of every RNG stream (masking, noise, dropout, shuffling, init).</summary>
    public ulong Seed { get; init; } = 42;

    /// <summary>w_pos, the position-loss weight (paper and code: 200).</summary>
    public double WeightLossPos { get; init; } = 200;

    /// <summary>Log training metrics every this many steps.</summary>
    public int LogEvery { get; init; } = 50;

    /// <summary>Validate every this many epochs.</summary>
    public int ValEvery { get; init; } = 1;

    /// <summary>Also save the last checkpoint every this many steps (0 = only at epoch ends).</summary>
    public long CheckpointEvery { get; init; }

    /// <summary>Validation metric that picks the best checkpoint (a name in metrics.jsonl, split val).</summary>
    public string BestMetric { get; init; } = "loss";

    /// <summary>"min" or "max": whether a smaller or larger <see cref="BestMetric"/> is better.</summary>
    public string BestMode { get; init; } = "min";

    public bool Deterministic { get; init; } = true;
}
