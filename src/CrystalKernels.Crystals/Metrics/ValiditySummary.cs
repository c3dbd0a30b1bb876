using System.Globalization;

namespace CrystalKernels.Crystals.Metrics;

/// <summary>CDVAE's per-structure validity pair: structural (distance/volume) and compositional (SMACT).</summary>
public readonly record struct ValidityResult(bool Structural, bool Compositional)
{
    public bool Valid => Structural && Compositional;

    public static ValidityResult Evaluate(Structure structure, SmactOptions? options = null) =>
        new(StructuralValidity.IsValid(structure), SmactValidity.IsValid(structure, options));
}

/// <summary>Fractions of structurally, compositionally and jointly valid structures over a set, with the SMACT settings.</summary>
public sealed class ValiditySummary(SmactOptions options)
{
    public SmactOptions Options { get; } = options;

    public int Count { get; private set; }

    public int StructurallyValid { get; private set; }

    public int CompositionallyValid { get; private set; }

    public int BothValid { get; private set; }

    public double StructuralValidity => Fraction(StructurallyValid);

    public double CompositionalValidity => Fraction(CompositionallyValid);

    public double Validity => Fraction(BothValid);

    public ValidityResult Add(Structure structure)
    {
        var r = ValidityResult.Evaluate(structure, Options);
        Count++;
        StructurallyValid += r.Structural ? 1 : 0;
        CompositionallyValid += r.Compositional ? 1 : 0;
        BothValid += r.Valid ? 1 : 0;
        return r;
    }

    /// <summary>One report line: the three fractions, the count and the SMACT settings behind them.</summary>
    public string Format() => string.Create(CultureInfo.InvariantCulture,
        $"structural_validity={StructuralValidity:F4} compositional_validity={CompositionalValidity:F4} valid={Validity:F4} n={Count} {Options.Describe()}");

    private double Fraction(int k) =>
        Count > 0 ? k / (double)Count : throw new InvalidOperationException("validity summary: no structures were added");
}
