using System.Text.Json;

namespace CrystalKernels.Crystals.Metrics;

/// <summary>
/// The Hautier et al. (2011) data-mined ionic-substitution model, with pymatgen's <c>SubstitutionProbability</c>
/// semantics: λ over unordered ion pairs from lambda.json (rows containing "D1+" are skipped), α = −5 for pairs never
/// observed; Z = Σ over ordered ion pairs of exp λ; px(s) = Σ_s' exp λ(s, s'); prob(s1, s2) = exp λ / Z;
/// cond_prob(s1, s2) = exp λ(s1, s2) / px(s2) (s2 fixed, s1 the substitute).
/// </summary>
public sealed class SubstitutionProbability
{
    public const double DefaultAlpha = -5.0;

    private readonly Dictionary<(Ion, Ion), double> lambda = [];
    private readonly Dictionary<Ion, double> px = [];
    private readonly Ion[] ions;

    public SubstitutionProbability(IEnumerable<(string Ion1, string Ion2, double Lambda)> table, double alpha = DefaultAlpha)
    {
        Alpha = alpha;
        var set = new HashSet<Ion>();
        foreach (var (s1, s2, l) in table)
        {
            if (s1 == "D1+" || s2 == "D1+")
            {
                continue; // deuterium is not an element of the periodic table; pymatgen skips these rows too
            }

            var (a, b) = (Ion.Parse(s1), Ion.Parse(s2));
            set.Add(a);
            set.Add(b);
            lambda[Key(a, b)] = l; // later rows overwrite, as pymatgen's dict does
        }

        ions = set.OrderBy(s => s.Z).ThenBy(s => s.Charge).ToArray();
        foreach (var s1 in ions)
        {
            var sum = 0.0;
            foreach (var s2 in ions)
            {
                sum += Math.Exp(Lambda(s1, s2));
            }

            px[s1] = sum;
            PartitionZ += sum;
        }
    }

    public double Alpha { get; }

    /// <summary>Z = Σ_{s1, s2} exp λ(s1, s2) over ordered pairs.</summary>
    public double PartitionZ { get; }

    public IReadOnlyList<Ion> Ions => ions;

    /// <summary>Reads pymatgen's lambda.json ([[ion1, ion2, lambda], ...]).</summary>
    public static SubstitutionProbability Load(string lambdaJsonPath, double alpha = DefaultAlpha)
    {
        using var doc = JsonDocument.Parse(File.ReadAllBytes(lambdaJsonPath));
        var rows = new List<(string, string, double)>();
        var n = 0;
        foreach (var row in doc.RootElement.EnumerateArray())
        {
            if (row.ValueKind != JsonValueKind.Array || row.GetArrayLength() != 3)
            {
                throw new InvalidDataException($"{lambdaJsonPath}: row {n} is not [ion1, ion2, lambda]");
            }

            rows.Add((row[0].GetString() ?? throw new InvalidDataException($"{lambdaJsonPath}: row {n} ion1 is null"),
                      row[1].GetString() ?? throw new InvalidDataException($"{lambdaJsonPath}: row {n} ion2 is null"),
                      row[2].GetDouble()));
            n++;
        }

        return new SubstitutionProbability(rows, alpha);
    }

    public double Lambda(Ion s1, Ion s2) => lambda.TryGetValue(Key(s1, s2), out var l) ? l : Alpha;

    /// <summary>px(s); 0 for an ion outside the table (pymatgen's defaultdict).</summary>
    public double Px(Ion s) => px.GetValueOrDefault(s);

    public double Prob(Ion s1, Ion s2) => Math.Exp(Lambda(s1, s2)) / PartitionZ;

    /// <summary>Probability of substituting s1 for the fixed s2.</summary>
    public double CondProb(Ion s1, Ion s2) =>
        Px(s2) > 0 ? Math.Exp(Lambda(s1, s2)) / Px(s2) : throw new ArgumentException($"cond_prob: {s2} is not in the lambda table (px = 0)");

    /// <summary>pair_corr = prob(s1, s2) / (px(s1)/Z · px(s2)/Z).</summary>
    public double PairCorrelation(Ion s1, Ion s2) => Prob(s1, s2) / (Px(s1) / PartitionZ * (Px(s2) / PartitionZ));

    /// <summary>
    /// Element-level P(B replaces A): exp λ summed over all ions of A and of B, over Σ px of A's ions (an
    /// implementation choice, paper-spec 4.6); summing over B gives 1 for every A with ions in the table.
    /// NaN when A has no ion in the table.
    /// </summary>
    public double ElementConditionalProbability(int replacedZ, int replacingZ) => ElementReplacementRow(replacedZ)[replacingZ];

    /// <summary>P(B replaces A) for every B, indexed by Z (1..118; index 0 unused); all NaN when A has no ion in the table.</summary>
    public double[] ElementReplacementRow(int replacedZ)
    {
        var row = new double[Elements.Count + 1];
        double den = 0;
        foreach (var a in ions)
        {
            if (a.Z != replacedZ)
            {
                continue;
            }

            den += Px(a);
            foreach (var b in ions)
            {
                row[b.Z] += Math.Exp(Lambda(b, a));
            }
        }

        for (var z = 0; z < row.Length; z++)
        {
            row[z] = den > 0 ? row[z] / den : double.NaN;
        }

        return row;
    }

    private static (Ion, Ion) Key(Ion a, Ion b) => a.Z < b.Z || (a.Z == b.Z && a.Charge <= b.Charge) ? (a, b) : (b, a);
}
