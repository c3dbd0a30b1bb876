using CrystalKernels.Models.Config;

namespace CrystalKernels.Training.Finetune;

/// <summary>What the fine-tuned head predicts (paper-spec 4.3): K class logits (NLL) or K regression targets (MSE).</summary>
public enum FinetuneTask
{
    Classify,
    Regress,
}

/// <summary>
/// Which parameters fine-tuning optimises: all of them (the paper: "all model parameters undergo fine-tuning") or only
/// the new output block (the authors' classification code: <c>Adam(model.output_block.parameters())</c>).
/// </summary>
public enum FinetuneTrainable
{
    All,
    Head,
}

/// <summary>
/// The <c>finetune:</c> section. The task and switches are set by the user; <see cref="OutputWidth"/>,
/// <see cref="TargetMean"/> and <see cref="TargetStd"/> are resolved from the training split by the run and stored
/// in the checkpoint's config, so <c>crystal predict</c> rebuilds the head and undoes the normalisation on its own.
/// </summary>
public sealed record FinetuneConfig
{
    public FinetuneTask Task { get; init; } = FinetuneTask.Classify;

    public FinetuneTrainable Trainable { get; init; } = FinetuneTrainable.All;

    /// <summary>Classification K; null = the largest class id in the labels + 1 (at least 2).</summary>
    public int? Classes { get; init; }

    /// <summary>
    /// Classification from a numeric column: class 1 when value ≤ threshold, else 0 (stability: energy_above_hull with
    /// threshold 0 gives stable = e_hull == 0, the data README's suggested label). Null: the column holds class ids
    /// (integers, or a true/false column).
    /// </summary>
    public double? ClassThreshold { get; init; }

    /// <summary>Class names for reports, plots and prediction columns (default "0".."K-1").</summary>
    public IReadOnlyList<string> ClassNames { get; init; } = [];

    /// <summary>Regression: train on (y - mean) / std per output column (train split statistics).</summary>
    public bool Standardize { get; init; } = true;

    /// <summary>How per-atom outputs become one per crystal (reference: sum / 77.81, the authors' 'mean' mode).</summary>
    public GraphAggregation Aggregation { get; init; } = GraphAggregation.Reference;

    /// <summary>Resolved K: classes, or the label width (1 for a scalar, 51 for the phonon DOS).</summary>
    public int? OutputWidth { get; init; }

    /// <summary>Resolved per-column training mean of the (transformed) regression targets; empty = no standardisation.</summary>
    public IReadOnlyList<double> TargetMean { get; init; } = [];

    /// <summary>Resolved per-column training standard deviation (population; 1 where a column is constant).</summary>
    public IReadOnlyList<double> TargetStd { get; init; } = [];
}
