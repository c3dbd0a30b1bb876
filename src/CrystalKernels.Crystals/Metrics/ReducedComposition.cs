using System.Text;

namespace CrystalKernels.Crystals.Metrics;

/// <summary>
/// Distinct elements in ascending atomic number with their counts divided by the GCD of the counts: CDVAE's
/// <c>Crystal.get_composition</c>, the input of smact_validity. The Z order matters there (see <see cref="SmactValidity"/>).
/// </summary>
public sealed class ReducedComposition
{
    private ReducedComposition(int[] elements, int[] counts)
    {
        Elements = elements;
        Counts = counts;
    }

    /// <summary>Atomic numbers, strictly ascending.</summary>
    public IReadOnlyList<int> Elements { get; }

    /// <summary>Counts reduced by their GCD, aligned with <see cref="Elements"/>.</summary>
    public IReadOnlyList<int> Counts { get; }

    public int Length => Elements.Count;

    /// <summary>From per-site atomic numbers (a structure's species). 0 (the mask token) is rejected.</summary>
    public static ReducedComposition FromSpecies(IEnumerable<int> species)
    {
        var counts = new SortedDictionary<int, int>();
        foreach (var z in species)
        {
            if (z < 1 || z > Crystals.Elements.Count)
            {
                throw new ArgumentException($"composition: atomic number {z} is outside 1..{Crystals.Elements.Count} (masked sites must be filled first)");
            }

            counts[z] = counts.GetValueOrDefault(z) + 1;
        }

        return FromCounts(counts);
    }

    /// <summary>From (Z, count) pairs; repeated elements are summed, counts must be positive.</summary>
    public static ReducedComposition FromCounts(IEnumerable<KeyValuePair<int, int>> pairs)
    {
        var merged = new SortedDictionary<int, long>();
        foreach (var (z, c) in pairs)
        {
            if (z < 1 || z > Crystals.Elements.Count)
            {
                throw new ArgumentException($"composition: atomic number {z} is outside 1..{Crystals.Elements.Count}");
            }

            if (c <= 0)
            {
                throw new ArgumentException($"composition: count {c} of {Crystals.Elements.Symbol(z)} is not positive");
            }

            merged[z] = merged.GetValueOrDefault(z) + c;
        }

        if (merged.Count == 0)
        {
            throw new ArgumentException("composition: no atoms");
        }

        var g = merged.Values.Aggregate(0L, Gcd);
        return new ReducedComposition(merged.Keys.ToArray(), merged.Values.Select(c => checked((int)(c / g))).ToArray());
    }

    /// <summary>Parses a formula such as "NaCl2" or "Fe3O4" (element symbols with optional integer counts, no brackets).</summary>
    public static ReducedComposition Parse(string formula)
    {
        var pairs = new List<KeyValuePair<int, int>>();
        var i = 0;
        while (i < formula.Length)
        {
            if (char.IsWhiteSpace(formula[i]))
            {
                i++;
                continue;
            }

            if (!char.IsAsciiLetterUpper(formula[i]))
            {
                throw new FormatException($"formula '{formula}': expected an element symbol at position {i}");
            }

            var start = i++;
            while (i < formula.Length && char.IsAsciiLetterLower(formula[i]))
            {
                i++;
            }

            var symbol = formula[start..i];
            var digits = i;
            while (i < formula.Length && char.IsAsciiDigit(formula[i]))
            {
                i++;
            }

            var count = i > digits ? int.Parse(formula.AsSpan(digits, i - digits), System.Globalization.CultureInfo.InvariantCulture) : 1;
            var z = Crystals.Elements.TryZ(symbol);
            if (z == 0)
            {
                throw new FormatException($"formula '{formula}': '{symbol}' is not an element symbol");
            }

            pairs.Add(new KeyValuePair<int, int>(z, count));
        }

        return FromCounts(pairs);
    }

    /// <summary>E.g. "Na1 Cl2" in Z order.</summary>
    public override string ToString()
    {
        var sb = new StringBuilder();
        for (var k = 0; k < Length; k++)
        {
            sb.Append(k == 0 ? "" : " ").Append(Crystals.Elements.Symbol(Elements[k])).Append(Counts[k]);
        }

        return sb.ToString();
    }

    private static long Gcd(long a, long b)
    {
        while (b != 0)
        {
            (a, b) = (b, a % b);
        }

        return a;
    }
}
