namespace CrystalKernels.Crystals.Metrics;

/// <summary>
/// The model-probability variant of Fig. 5 (paper-spec 4.6 item 6): for masked sites whose true species is A, the
/// mean of softmax(logits)_B, i.e. P(B | A) averaged over sites and conditions; comparable with the element-level
/// <see cref="SubstitutionProbability.ElementConditionalProbability"/>.
/// </summary>
public sealed class SpeciesProbabilityMatrix
{
    private readonly double[] sums = new double[Elements.Count * Elements.Count];
    private readonly long[] sites = new long[Elements.Count];

    /// <summary>Adds one masked site: its true species and the 118 class probabilities (index Z − 1).</summary>
    public void Add(int trueZ, ReadOnlySpan<double> probabilities)
    {
        if (trueZ < 1 || trueZ > Elements.Count)
        {
            throw new ArgumentOutOfRangeException(nameof(trueZ), $"probability matrix: true atomic number {trueZ} is outside 1..{Elements.Count}");
        }

        if (probabilities.Length != Elements.Count)
        {
            throw new ArgumentException($"probability matrix: expected {Elements.Count} class probabilities, got {probabilities.Length}");
        }

        var row = sums.AsSpan((trueZ - 1) * Elements.Count, Elements.Count);
        for (var b = 0; b < row.Length; b++)
        {
            row[b] += probabilities[b];
        }

        sites[trueZ - 1]++;
    }

    public long Sites(int trueZ) => sites[trueZ - 1];

    /// <summary>Mean predicted probability of B on masked A sites; NaN when A never occurred.</summary>
    public double Mean(int trueZ, int predictedZ) =>
        sites[trueZ - 1] > 0 ? sums[(trueZ - 1) * Elements.Count + predictedZ - 1] / sites[trueZ - 1] : double.NaN;
}
