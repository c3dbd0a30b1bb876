namespace CrystalKernels.Crystals.Corruption;

/// <summary>Which rule masked a crystal.</summary>
public enum MaskStrategy
{
    /// <summary>Nothing masked (a 1-atom crystal under <see cref="SingleAtomPolicy.LeaveUnmasked"/>).</summary>
    None,

    /// <summary>All atoms of one species.</summary>
    Species,

    /// <summary>A fraction of the atoms at random.</summary>
    Random,
}

/// <summary>Where the species-vs-random coin is tossed.</summary>
public enum MaskCoinScope
{
    /// <summary>Authors' code: one coin per batch; every crystal of the batch uses the same strategy.</summary>
    Batch,

    /// <summary>Paper: each training sample chooses at random.</summary>
    Crystal,
}

/// <summary>How the species to mask is chosen.</summary>
public enum SpeciesChoice
{
    /// <summary>Authors' code: the species of a random atom, so probability proportional to its atom count.</summary>
    AtomWeighted,

    /// <summary>Paper ("one randomly selected species"): uniform over the distinct species.</summary>
    UniformOverSpecies,
}

/// <summary>How the random strategy picks its ceil(ratio·N) atoms.</summary>
public enum RandomMaskSampling
{
    /// <summary>Authors' code: indices drawn with replacement; duplicates mask fewer atoms.</summary>
    WithReplacement,

    /// <summary>Paper intent: exactly ceil(ratio·N) distinct atoms.</summary>
    WithoutReplacement,
}

/// <summary>1-atom crystals: the authors' code crashes on them (randint(0, 0)), so a policy is required.</summary>
public enum SingleAtomPolicy
{
    /// <summary>Leave the single atom unmasked (the crystal still gets position noise).</summary>
    LeaveUnmasked,

    /// <summary>Mask the single atom (what either strategy means for N = 1).</summary>
    MaskAtom,
}

/// <summary>
/// Species masking (paper-spec 2.4; AUTH src/mask.py::mask_graph_batch(mask_ratio=0.15, mask_specie_ratio=0.5)).
/// Defaults reproduce the authors' code; <see cref="PaperIntent"/> is what the paper describes.
/// </summary>
public sealed record MaskingOptions
{
    /// <summary>The authors' code, including its quirks (the default for parity runs).</summary>
    public static MaskingOptions Faithful { get; } = new();

    /// <summary>The paper's description: per-crystal coin, uniform species, distinct atoms, every atom drawable.</summary>
    public static MaskingOptions PaperIntent { get; } = new()
    {
        CoinScope = MaskCoinScope.Crystal,
        SpeciesChoice = SpeciesChoice.UniformOverSpecies,
        Sampling = RandomMaskSampling.WithoutReplacement,
        FaithfulMaskQuirks = false,
        SingleAtom = SingleAtomPolicy.MaskAtom,
    };

    /// <summary>mask_specie_ratio: the species strategy is used when this &gt; u, u ~ U[0, 1).</summary>
    public double SpeciesStrategyProbability { get; init; } = 0.5;

    /// <summary>mask_ratio of the random strategy: ceil(ratio·N) draws (evaluation β = 0.15, γ = 0.30).</summary>
    public double MaskRatio { get; init; } = 0.15;

    public MaskCoinScope CoinScope { get; init; } = MaskCoinScope.Batch;

    public SpeciesChoice SpeciesChoice { get; init; } = SpeciesChoice.AtomWeighted;

    public RandomMaskSampling Sampling { get; init; } = RandomMaskSampling.WithReplacement;

    /// <summary>
    /// True: atom indices are drawn from [0, N−2] as torch.randint(0, N−1) does (the last atom is never drawn).
    /// False: from [0, N−1].
    /// </summary>
    public bool FaithfulMaskQuirks { get; init; } = true;

    public SingleAtomPolicy SingleAtom { get; init; } = SingleAtomPolicy.LeaveUnmasked;

    /// <summary>Forces one strategy (evaluation masks β/γ use Random); null tosses the coin.</summary>
    public MaskStrategy? ForcedStrategy { get; init; }

    internal void Validate()
    {
        if (!(SpeciesStrategyProbability is >= 0 and <= 1) || !(MaskRatio is > 0 and <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(MaskRatio), $"masking: species probability {SpeciesStrategyProbability} must be in [0, 1] and mask ratio {MaskRatio} in (0, 1]");
        }

        if (ForcedStrategy == MaskStrategy.None)
        {
            throw new ArgumentException("masking: ForcedStrategy must be Species, Random or null");
        }
    }
}
