namespace CrystalKernels.Crystals.Metrics;

/// <summary>
/// Counts of true species A → predicted species B over masked sites (118×118, index Z − 1), with per-element
/// accuracy (paper Fig. 5a; paper-spec 4.6 item 6). The paper's Fig. 5 filter (generated structure compositionally
/// and structurally valid, composition differs from the original) is the caller's choice of what to add.
/// </summary>
public sealed class SpeciesReplacementMatrix
{
    private readonly long[] counts = new long[Elements.Count * Elements.Count];

    /// <summary>Adds every site i with masked[i]: one count at (trueSpecies[i], predictedSpecies[i]).</summary>
    public void Add(ReadOnlySpan<int> trueSpecies, ReadOnlySpan<int> predictedSpecies, ReadOnlySpan<bool> masked)
    {
        if (trueSpecies.Length != predictedSpecies.Length || trueSpecies.Length != masked.Length)
        {
            throw new ArgumentException($"replacement matrix: {trueSpecies.Length} true, {predictedSpecies.Length} predicted species and {masked.Length} mask flags");
        }

        for (var i = 0; i < trueSpecies.Length; i++)
        {
            if (!masked[i])
            {
                continue;
            }

            Check(trueSpecies[i], "true", i);
            Check(predictedSpecies[i], "predicted", i);
            counts[Index(trueSpecies[i], predictedSpecies[i])]++;
        }
    }

    /// <summary>Sites with true species A predicted as B.</summary>
    public long Count(int trueZ, int predictedZ) => counts[Index(trueZ, predictedZ)];

    /// <summary>Masked sites whose true species is A.</summary>
    public long Total(int trueZ)
    {
        long t = 0;
        for (var b = 1; b <= Elements.Count; b++)
        {
            t += Count(trueZ, b);
        }

        return t;
    }

    public long GrandTotal => counts.Sum();

    /// <summary>Fraction of masked A sites predicted as A; NaN when A never occurred.</summary>
    public double Accuracy(int trueZ) => Total(trueZ) is var t and > 0 ? Count(trueZ, trueZ) / (double)t : double.NaN;

    /// <summary>Fraction of all masked sites predicted correctly; NaN when empty.</summary>
    public double OverallAccuracy
    {
        get
        {
            long correct = 0;
            for (var z = 1; z <= Elements.Count; z++)
            {
                correct += Count(z, z);
            }

            return GrandTotal > 0 ? correct / (double)GrandTotal : double.NaN;
        }
    }

    /// <summary>Replacement ratio of A by B ≠ A: the row normalised over replacements only (the suggested Fig. 5a
    /// normalisation; the paper does not define one). NaN when A was never replaced.</summary>
    public double ReplacementRatio(int trueZ, int predictedZ)
    {
        if (trueZ == predictedZ)
        {
            throw new ArgumentException($"replacement ratio: {Elements.Symbol(trueZ)} replaced by itself is not a replacement");
        }

        var replaced = Total(trueZ) - Count(trueZ, trueZ);
        return replaced > 0 ? Count(trueZ, predictedZ) / (double)replaced : double.NaN;
    }

    /// <summary>The k most frequent replacements of A (Fig. 5b), ties by lower Z.</summary>
    public IReadOnlyList<(int Z, double Ratio)> TopReplacements(int trueZ, int k) =>
        Enumerable.Range(1, Elements.Count)
            .Where(b => b != trueZ && Count(trueZ, b) > 0)
            .OrderByDescending(b => Count(trueZ, b)).ThenBy(b => b)
            .Take(k).Select(b => (b, ReplacementRatio(trueZ, b))).ToArray();

    /// <summary>The 118×118 counts, row = true Z − 1, column = predicted Z − 1.</summary>
    public long[] ToRowMajor() => (long[])counts.Clone();

    private static int Index(int a, int b)
    {
        Check(a, "true", -1);
        Check(b, "predicted", -1);
        return (a - 1) * Elements.Count + (b - 1);
    }

    private static void Check(int z, string what, int site)
    {
        if (z < 1 || z > Elements.Count)
        {
            throw new ArgumentOutOfRangeException(nameof(z), $"replacement matrix: {what} atomic number {z}{(site >= 0 ? $" at site {site}" : "")} is outside 1..{Elements.Count}");
        }
    }
}
