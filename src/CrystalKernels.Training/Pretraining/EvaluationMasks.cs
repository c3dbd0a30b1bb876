using CrystalKernels.Crystals;
using CrystalKernels.Crystals.Corruption;
using CrystalKernels.Tensors.Random;

namespace CrystalKernels.Training.Pretraining;

/// <summary>The paper's evaluation masks (Fig. 4, paper-spec 4.6).</summary>
public enum EvaluationMask
{
    /// <summary>α: all atoms of one species, once for each species of the structure.</summary>
    Alpha,

    /// <summary>β: 15 % of the atoms at random, 5 draws per structure.</summary>
    Beta,

    /// <summary>γ: 30 % of the atoms at random, 5 draws per structure.</summary>
    Gamma,
}

/// <summary>One evaluation sample before noise: the structure, which atoms are masked, and which draw it is.</summary>
public sealed record MaskedSample(Structure Original, bool[] Masked, int Draw);

/// <summary>
/// Builds the α/β/γ test samples. Random masks draw exactly ceil(f·N) distinct atoms from all N (the paper's
/// description, not the training code's quirks), keyed by RngStream(seed, "eval-mask").Sub(structure).Sub(draw).
/// </summary>
public static class EvaluationMasks
{
    public const int RandomDraws = 5;

    public static EvaluationMask Parse(string s) => s.ToLowerInvariant() switch
    {
        "alpha" or "α" or "a" => EvaluationMask.Alpha,
        "beta" or "β" or "b" => EvaluationMask.Beta,
        "gamma" or "γ" or "g" => EvaluationMask.Gamma,
        _ => throw new ArgumentException($"--mask '{s}': expected alpha, beta or gamma"),
    };

    public static double Ratio(EvaluationMask m) => m switch
    {
        EvaluationMask.Beta => 0.15,
        EvaluationMask.Gamma => 0.30,
        _ => throw new ArgumentException($"mask {m} is not a random mask"),
    };

    /// <summary>Masking options of a random evaluation mask: exactly ceil(ratio·N) distinct atoms, all drawable.</summary>
    public static MaskingOptions RandomOptions(double ratio) => MaskingOptions.PaperIntent with { MaskRatio = ratio, ForcedStrategy = MaskStrategy.Random };

    public static IEnumerable<MaskedSample> Samples(IReadOnlyList<Structure> structures, EvaluationMask mask, ulong seed)
    {
        for (var k = 0; k < structures.Count; k++)
        {
            var s = structures[k];
            if (mask == EvaluationMask.Alpha)
            {
                var draw = 0;
                foreach (var z in s.Species.Distinct().Order())
                {
                    yield return new MaskedSample(s, SpeciesMasking.MaskAllOf(s.Species, z).Masked, draw++);
                }
            }
            else
            {
                var options = RandomOptions(Ratio(mask));
                for (var d = 0; d < RandomDraws; d++)
                {
                    var stream = RngStream.Create(seed, "eval-mask").Sub((ulong)k).Sub((ulong)d);
                    yield return new MaskedSample(s, SpeciesMasking.MaskCrystal(s.Species, MaskStrategy.Random, options, stream).Masked, d);
                }
            }
        }
    }
}
