namespace CrystalKernels.Crystals.Metrics;

/// <summary>
/// One test sample of the paper's similarity metrics (paper-spec 4.6): the original structure (species Z_i and
/// equilibrium positions P_i), the generated species Z̃_i and positions P̃_i on the same lattice, and S_m, the mean
/// norm of the Cartesian noise that was applied to the input.
/// </summary>
public sealed class SimilaritySample
{
    public SimilaritySample(Structure original, int[] predictedSpecies, Vec3[] predictedPositions, double meanNoiseNorm)
    {
        if (predictedSpecies.Length != original.Count || predictedPositions.Length != original.Count)
        {
            throw new ArgumentException($"similarity sample {original.Id}: {original.Count} sites but {predictedSpecies.Length} predicted species and {predictedPositions.Length} predicted positions");
        }

        if (!(meanNoiseNorm > 0) || !double.IsFinite(meanNoiseNorm))
        {
            throw new ArgumentException($"similarity sample {original.Id}: mean noise norm S_m = {meanNoiseNorm} must be positive and finite (Eq. 5 divides by it)");
        }

        if (original.Count == 0)
        {
            throw new ArgumentException($"similarity sample {original.Id}: no sites");
        }

        CompositionMatches = original.Species.AsSpan().SequenceEqual(predictedSpecies);
        var images = new MinimumImage(original.Lattice);
        var sum = 0.0;
        for (var i = 0; i < original.Count; i++)
        {
            sum += images.Distance(original.Positions[i], predictedPositions[i]);
        }

        PositionError = sum / original.Count;
        MeanNoiseNorm = meanNoiseNorm;
    }

    /// <summary>δ_m of Eq. 5 and the per-sample term of Eq. 4: Z̃_i = Z_i at every site (per site, not as a multiset).</summary>
    public bool CompositionMatches { get; }

    /// <summary>(1/N_m) Σ_i ‖P_i − P̃_i‖ with the minimum-image displacement (positions are wrapped into the cell).</summary>
    public double PositionError { get; }

    /// <summary>S_m = (1/N_m) Σ_i ‖ε_i‖.</summary>
    public double MeanNoiseNorm { get; }

    /// <summary>Per-sample denoising score s_m = 1 − error / S_m (Fig. 4b); 1 = perfect, 0 = no better than the input.</summary>
    public double Score => 1.0 - PositionError / MeanNoiseNorm;

    /// <summary>S_m from the applied noise vectors.</summary>
    public static double MeanNorm(IReadOnlyList<Vec3> noise) =>
        noise.Count > 0 ? noise.Average(e => e.Norm) : throw new ArgumentException("mean noise norm: no noise vectors");
}
