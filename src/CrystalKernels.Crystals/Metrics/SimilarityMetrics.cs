namespace CrystalKernels.Crystals.Metrics;

/// <summary>
/// Aggregates of the paper's Eqs. 4-5 over a test set |T| (paper-spec 4.6). Eq. 4: compositional similarity = the
/// fraction of samples whose generated species equal the originals at every site. Eq. 5 as printed:
/// 1 − (1/|T|) Σ_m δ_m·err_m/S_m (non-matching samples contribute 0 error); matched-only (the primary figure,
/// following the prose): 1 − mean over matching samples of err_m/S_m.
/// </summary>
public sealed class SimilarityMetrics
{
    private readonly List<SimilaritySample> samples = [];

    public IReadOnlyList<SimilaritySample> Samples => samples;

    public void Add(SimilaritySample sample) => samples.Add(sample);

    public int Count => samples.Count;

    public int MatchedCount => samples.Count(s => s.CompositionMatches);

    /// <summary>Eq. 4.</summary>
    public double CompositionalSimilarity => MatchedCount / (double)RequireSamples();

    /// <summary>Eq. 5 exactly as printed (denominator |T|).</summary>
    public double StructuralSimilarityPrinted =>
        1.0 - samples.Where(s => s.CompositionMatches).Sum(s => s.PositionError / s.MeanNoiseNorm) / RequireSamples();

    /// <summary>Eq. 5 averaged over composition-matched samples only; NaN when no sample matched.</summary>
    public double StructuralSimilarityMatchedOnly
    {
        get
        {
            RequireSamples();
            var matched = samples.Where(s => s.CompositionMatches).ToArray();
            return matched.Length == 0 ? double.NaN : 1.0 - matched.Average(s => s.PositionError / s.MeanNoiseNorm);
        }
    }

    private int RequireSamples() =>
        samples.Count > 0 ? samples.Count : throw new InvalidOperationException("similarity metrics: no samples were added");
}
