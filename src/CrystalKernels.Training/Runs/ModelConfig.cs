namespace CrystalKernels.Training.Runs;

/// <summary>
/// The <c>model:</c> section: a named preset (paper, small, tiny, fixture-small; <c>ModelPresets</c>) and nullable
/// overrides of its architecture keys (null = the preset's value). <c>ModelFactory.Architecture</c> resolves them to an
/// <c>EquiformerV2Config</c>; the output head and the position head are the command's choice.
/// </summary>
public sealed record ModelConfig
{
    /// <summary>Architecture name (the only one so far).</summary>
    public string Name { get; init; } = "equiformer_v2";

    /// <summary>paper (the authors' 12-block model), small (CPU-trainable), tiny (tests), fixture-small.</summary>
    public string Preset { get; init; } = "small";

    public int? NumLayers { get; init; }

    public int? SphereChannels { get; init; }

    public int? AttnHiddenChannels { get; init; }

    public int? NumHeads { get; init; }

    public int? AttnAlphaChannels { get; init; }

    public int? AttnValueChannels { get; init; }

    public int? FfnHiddenChannels { get; init; }

    public int? Lmax { get; init; }

    public int? Mmax { get; init; }

    public int? EdgeChannels { get; init; }

    /// <summary>max_radius in Å.</summary>
    public double? Cutoff { get; init; }

    public int? MaxNeighbors { get; init; }

    public int? NumGaussians { get; init; }

    /// <summary>
    /// Resolution of the FFN S2 grid (null = the paper's 14 x 15). The paper's grid makes the FFN's SiLU only
    /// approximately equivariant (~1e-4 on logits); 32 reaches float32-level equivariance for ~15 % more step time.
    /// </summary>
    public int? FfnGridResolution { get; init; }

    public double? AlphaDrop { get; init; }

    public double? DropPathRate { get; init; }

    /// <summary>Output block width; null = the command's head (118 species logits, K classes, the target width).</summary>
    public int? OutputChannels { get; init; }

    /// <summary>"float32" or "float64".</summary>
    public string Dtype { get; init; } = "float32";

    /// <summary>Checkpoint to initialise the weights from (a pretrain checkpoint for fine-tuning), or null.</summary>
    public string? InitFrom { get; init; }
}
