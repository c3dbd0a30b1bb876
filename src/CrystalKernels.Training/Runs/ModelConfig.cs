namespace CrystalKernels.Training.Runs;

/// <summary>
/// The <c>model:</c> section. Defaults are the FORK EquiformerV2 constructor defaults the paper used (paper-spec 3.1);
/// the model code reads what it needs from here.
/// </summary>
public sealed record ModelConfig
{
    /// <summary>Architecture name (the only one so far).</summary>
    public string Name { get; init; } = "equiformer_v2";

    public int NumLayers { get; init; } = 12;

    public int SphereChannels { get; init; } = 128;

    public int AttnHiddenChannels { get; init; } = 128;

    public int NumHeads { get; init; } = 8;

    public int AttnAlphaChannels { get; init; } = 32;

    public int AttnValueChannels { get; init; } = 16;

    public int FfnHiddenChannels { get; init; } = 512;

    public int Lmax { get; init; } = 6;

    public int Mmax { get; init; } = 2;

    public int EdgeChannels { get; init; } = 128;

    /// <summary>max_radius in Å.</summary>
    public double Cutoff { get; init; } = 5.0;

    public int MaxNeighbors { get; init; } = 500;

    public int NumGaussians { get; init; } = 600;

    public double AlphaDrop { get; init; } = 0.1;

    public double DropPathRate { get; init; } = 0.05;

    /// <summary>Output block width: 118 species logits (pretrain/generator), K classes or the target width.</summary>
    public int OutputChannels { get; init; } = 118;

    /// <summary>"float32" or "float64".</summary>
    public string Dtype { get; init; } = "float32";

    /// <summary>Checkpoint to initialise the weights from (a pretrain checkpoint for fine-tuning), or null.</summary>
    public string? InitFrom { get; init; }
}
