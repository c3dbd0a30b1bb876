namespace CrystalKernels.Training.Runs;

public enum OptimizerKind
{
    Adam,
    AdamW,
}

public enum LrScheduleKind
{
    Constant,
    WarmupCosine,
}

/// <summary>The <c>optim:</c> section. Defaults: the authors' pretraining, Adam at 1e-4, nothing else.</summary>
public sealed record OptimConfig
{
    public OptimizerKind Name { get; init; } = OptimizerKind.Adam;

    public double Lr { get; init; } = 1e-4;

    public double Beta1 { get; init; } = 0.9;

    public double Beta2 { get; init; } = 0.999;

    public double Eps { get; init; } = 1e-8;

    public double WeightDecay { get; init; }

    public LrScheduleKind Schedule { get; init; } = LrScheduleKind.Constant;

    public long WarmupSteps { get; init; }

    public double MinLr { get; init; }

    /// <summary>Max global gradient L2 norm; 0 = no clipping.</summary>
    public double GradClip { get; init; }
}
