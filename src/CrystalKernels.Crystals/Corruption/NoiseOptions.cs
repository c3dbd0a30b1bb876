namespace CrystalKernels.Crystals.Corruption;

/// <summary>What "min(edges)" of the noise scale means (paper-spec 2.5, 4.7 #5).</summary>
public enum MinDistMode
{
    /// <summary>Authors' code: smallest distance between two different atoms of the stored positions, no periodic
    /// images. For N = 1 (where the code gives +∞ and NaN noise) the periodic nearest-neighbour distance is used.</summary>
    IntraCellNoPbc,

    /// <summary>The true nearest-neighbour distance with periodic images (for N = 1: the shortest lattice translation).</summary>
    PeriodicNearestNeighbour,
}

public enum NoiseDistribution
{
    /// <summary>ε ~ Normal(0, σ²) per Cartesian component.</summary>
    Normal,

    /// <summary>ε ~ U(−σ, +σ) per Cartesian component (the code's noise on real samples shown to D).</summary>
    Uniform,
}

/// <summary>The frame of the position target (paper-spec 2.6, 4.7 #4).</summary>
public enum PositionTargetFrame
{
    /// <summary>Authors' code: the noise in fractional coordinates, ε·cell⁻¹ (rotation-invariant).</summary>
    Fractional,

    /// <summary>The Cartesian noise ε itself (the paper's "perturbations P"; equivariant).</summary>
    Cartesian,
}

/// <summary>
/// Position noise (AUTH src/position.py::add_noise_to_batch_pos(sigma_ratio, distribution)): σ = SigmaRatio · min
/// distance, ε per Cartesian component, pos_noisy = wrap(pos + ε). Defaults reproduce pretraining in the authors' code.
/// </summary>
public sealed record NoiseOptions
{
    /// <summary>Pretraining (G_pre) in the authors' code: σ̃ = 0.1, normal, intra-cell min distance, fractional target.</summary>
    public static NoiseOptions Pretrain { get; } = new();

    /// <summary>The GAN generator G_0.2 (σ̃ hard-coded to 0.2 in trainer_gan_lit.py).</summary>
    public static NoiseOptions GanGenerator { get; } = new() { SigmaRatio = 0.2 };

    /// <summary>Real structures shown to the discriminator, as coded: uniform ±0.001·min_r.</summary>
    public static NoiseOptions GanRealFaithful { get; } = new() { SigmaRatio = 0.001, Distribution = NoiseDistribution.Uniform };

    /// <summary>Real structures shown to the discriminator, as the paper says: Normal(0, 0.001·min edges).</summary>
    public static NoiseOptions GanRealPaper { get; } = new() { SigmaRatio = 0.001, Distribution = NoiseDistribution.Normal };

    /// <summary>The paper's intent for pretraining: periodic min distance and a Cartesian (equivariant) target.</summary>
    public static NoiseOptions PaperIntent { get; } = new() { MinDist = MinDistMode.PeriodicNearestNeighbour, TargetFrame = PositionTargetFrame.Cartesian };

    /// <summary>σ̃: the noise scale as a fraction of the min distance.</summary>
    public double SigmaRatio { get; init; } = 0.1;

    public NoiseDistribution Distribution { get; init; } = NoiseDistribution.Normal;

    public MinDistMode MinDist { get; init; } = MinDistMode.IntraCellNoPbc;

    public PositionTargetFrame TargetFrame { get; init; } = PositionTargetFrame.Fractional;

    internal void Validate()
    {
        if (!(SigmaRatio >= 0) || !double.IsFinite(SigmaRatio))
        {
            throw new ArgumentOutOfRangeException(nameof(SigmaRatio), $"position noise: sigma ratio {SigmaRatio} must be finite and non-negative");
        }
    }
}
