using CrystalKernels.Training.Data;

namespace CrystalKernels.Training.Runs;

/// <summary>The <c>data:</c> section: structure files, the label column and how the split is made.</summary>
public sealed record DataConfig
{
    /// <summary>Training structure files (CSV with a cif column, JSON-lines, ...).</summary>
    public IReadOnlyList<string> Train { get; init; } = [];

    /// <summary>Validation files; empty with <see cref="HashSplit"/> = true takes val rows from the train files.</summary>
    public IReadOnlyList<string> Val { get; init; } = [];

    public IReadOnlyList<string> Test { get; init; } = [];

    /// <summary>File holding the labels (CSV or JSON-lines); null = the structure files themselves.</summary>
    public string? Labels { get; init; }

    /// <summary>Label column or JSON field (e.g. energy_above_hull, phdos, K_Voigt_GPa); null for pretraining.</summary>
    public string? LabelColumn { get; init; }

    public string IdColumn { get; init; } = "material_id";

    public LabelTransform LabelTransform { get; init; } = LabelTransform.None;

    /// <summary>Split one labelled file by the SHA-256 bucket rule (shared/data/README.md).</summary>
    public bool HashSplit { get; init; }

    public int BatchSize { get; init; } = 5;

    public int ValBatchSize { get; init; } = 1;

    /// <summary>Shuffle the training order every epoch (the authors' sampler reused one order: set false).</summary>
    public bool Shuffle { get; init; } = true;
}
