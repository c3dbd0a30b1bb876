using CrystalKernels.Crystals.Corruption;
using CrystalKernels.Models.Config;

namespace CrystalKernels.Training.Gan;

/// <summary>
/// The <c>gan:</c> section (paper-spec 4.5). Defaults are the paper's numbers where it gives them (w_W 0.1, lr_G 1e-4,
/// lr_D 1e-5, G updated 10× as often as D, real-sample noise 0.001·min edges) and the code's where it does not
/// (D's Adam betas (0.5, 0.999), the per-epoch shift of the D schedule).
/// </summary>
public sealed record GanConfig
{
    public GanMode Mode { get; init; } = GanMode.Intended;

    /// <summary>The pretrain checkpoint the generator starts from (kept so a resumed run records its origin).</summary>
    public string? Generator { get; init; }

    /// <summary>The classify checkpoint (stability classifier) the discriminator starts from.</summary>
    public string? Discriminator { get; init; }

    /// <summary>
    /// How the discriminator's per-atom outputs become one per crystal: as the stability classifier was fine-tuned
    /// (reference = sum / _AVG_NUM_NODES, the code; mean). Taken from the classifier checkpoint's finetune.aggregation;
    /// this value is what a resumed GAN run rebuilds the discriminator with.
    /// </summary>
    public GraphAggregation DiscriminatorAggregation { get; init; } = GraphAggregation.Reference;

    /// <summary>w_W of Eq. 3: the adversarial term's weight in the generator loss (paper 0.1; 1 "made no difference").</summary>
    public double WeightW { get; init; } = 0.1;

    public double LrG { get; init; } = 1e-4;

    public double LrD { get; init; } = 1e-5;

    /// <summary>Generator Adam betas: PyTorch defaults, as the code.</summary>
    public double GBeta1 { get; init; } = 0.9;

    public double GBeta2 { get; init; } = 0.999;

    /// <summary>Discriminator Adam betas: (0.5, 0.999) in the code, not stated in the paper.</summary>
    public double DBeta1 { get; init; } = 0.5;

    public double DBeta2 { get; init; } = 0.999;

    /// <summary>D is stepped on one batch in this many (paper: G is updated 10× more often than D).</summary>
    public int DiscriminatorEvery { get; init; } = 10;

    /// <summary>The code's schedule: D steps when (batch + epoch mod every) mod every = 0, so D sees other batches
    /// each epoch. False: (batch mod every) = 0 every epoch.</summary>
    public bool ShiftScheduleByEpoch { get; init; } = true;

    /// <summary>
    /// Intended mode: also differentiate D's edge frames / Wigner matrices w.r.t. the fake positions (ForwardOptions
    /// .FrameGradient). Off (default): dL/dP̃ reaches the generator through the edge lengths only (Gaussian basis and
    /// edge-degree path), as paper-spec 4.5 suggests for a first version; the reference detaches the frames.
    /// </summary>
    public bool FrameGradient { get; init; }

    /// <summary>σ̃ of the tiny noise on real structures shown to D (0.001·min edges).</summary>
    public double RealSigmaRatio { get; init; } = 0.001;

    /// <summary>Its distribution; null = by mode (intended: normal, as the paper; authors_code: uniform, as the code).</summary>
    public NoiseDistribution? RealNoise { get; init; }

    /// <summary>The noise options of the real samples.</summary>
    public NoiseOptions RealNoiseOptions(NoiseOptions generatorNoise) => generatorNoise with
    {
        SigmaRatio = RealSigmaRatio,
        Distribution = RealNoise ?? (Mode == GanMode.AuthorsCode ? NoiseDistribution.Uniform : NoiseDistribution.Normal),
    };

    public GanConfig Validate()
    {
        if (DiscriminatorEvery < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(DiscriminatorEvery), $"gan.discriminator_every must be >= 1, got {DiscriminatorEvery}");
        }

        if (!(WeightW >= 0) || !double.IsFinite(WeightW))
        {
            throw new ArgumentOutOfRangeException(nameof(WeightW), $"gan.weight_w must be finite and >= 0, got {WeightW}");
        }

        if (!(RealSigmaRatio >= 0) || !double.IsFinite(RealSigmaRatio))
        {
            throw new ArgumentOutOfRangeException(nameof(RealSigmaRatio), $"gan.real_sigma_ratio must be finite and >= 0, got {RealSigmaRatio}");
        }

        return this;
    }
}
