using System.Globalization;
using CrystalKernels.Crystals;
using CrystalKernels.Crystals.Corruption;
using CrystalKernels.Crystals.Metrics;
using CrystalKernels.Training.Evaluation;
using CrystalKernels.Training.Modeling;

namespace CrystalKernels.Training.Pretraining;

/// <summary>Settings of <see cref="PretrainEvaluation.Run"/>.</summary>
/// <param name="Sigma">σ̃: noise = σ̃ · min distance (the checkpoint's min-distance mode and distribution).</param>
/// <param name="BaselineSpecies">Atoms whose most frequent species is the "most frequent species" baseline (the
/// training data); null = the evaluated structures.</param>
public sealed record PretrainEvaluationOptions(EvaluationMask Mask, double Sigma, ulong Seed = 0, SmactOptions? Smact = null,
    SubstitutionProbability? Substitution = null, IEnumerable<int>? BaselineSpecies = null, int BatchSize = 16);

/// <summary>One evaluated sample (a row of samples.csv).</summary>
public sealed record EvaluatedSample(int Index, string Id, int Draw, int Atoms, int MaskedSites, int MaskedCorrect, bool CompositionMatches,
    bool StructurallyValid, bool CompositionallyValid, double PositionError, double MeanNoiseNorm);

/// <summary>Everything the evaluation measured.</summary>
public sealed class PretrainEvaluationResult
{
    public required EvaluationMask Mask { get; init; }

    public required double Sigma { get; init; }

    public required int Structures { get; init; }

    public required ValiditySummary Validity { get; init; }

    public required SimilarityMetrics Similarity { get; init; }

    /// <summary>True → predicted species over every masked site (accuracy per element, the masked confusion).</summary>
    public required SpeciesReplacementMatrix MaskedSites { get; init; }

    /// <summary>Paper Fig. 5: replaced → replacing over sites with Z̃ ≠ Z of samples that are valid (both) and differ
    /// in composition from the original.</summary>
    public required SpeciesReplacementMatrix Novel { get; init; }

    public required SpeciesProbabilityMatrix Probabilities { get; init; }

    public required IReadOnlyList<EvaluatedSample> Samples { get; init; }

    public required int BaselineZ { get; init; }

    /// <summary>The species-completion baselines scored on the same masks: most_frequent (<see cref="BaselineZ"/>,
    /// under α the most frequent species not visible), then substitution when a lambda table was given.</summary>
    public required IReadOnlyList<CompletionBaseline> Baselines { get; init; }

    public double MaskedAccuracy => MaskedSites.OverallAccuracy;

    /// <summary>(A, B, model mean P(B | masked A), Hautier element-level P(B replaces A)) for A ≠ B, or empty without a table.</summary>
    public required IReadOnlyList<(int A, int B, double Model, double Hautier)> SubstitutionPairs { get; init; }

    /// <summary>Pearson correlation of the model's and the data-mined probabilities over <see cref="SubstitutionPairs"/>; NaN without.</summary>
    public double SubstitutionCorrelation
    {
        get
        {
            var pairs = SubstitutionPairs.Where(p => double.IsFinite(p.Model) && double.IsFinite(p.Hautier)).ToArray();
            return pairs.Length < 2 ? double.NaN : Pearson(pairs.Select(p => p.Model).ToArray(), pairs.Select(p => p.Hautier).ToArray());
        }
    }

    private static double Pearson(double[] x, double[] y)
    {
        var (mx, my) = (x.Average(), y.Average());
        double sxy = 0, sxx = 0, syy = 0;
        for (var i = 0; i < x.Length; i++)
        {
            sxy += (x[i] - mx) * (y[i] - my);
            sxx += (x[i] - mx) * (x[i] - mx);
            syy += (y[i] - my) * (y[i] - my);
        }

        return sxx > 0 && syy > 0 ? sxy / Math.Sqrt(sxx * syy) : double.NaN;
    }

    /// <summary>The headline line: n, validities, Eq. 4 and Eq. 5 (matched-only, the primary figure).</summary>
    public string Line() => string.Create(CultureInfo.InvariantCulture,
        $"evaluate n={Similarity.Count} struct_valid={Validity.StructuralValidity:F4} comp_valid={Validity.CompositionalValidity:F4} comp_similarity={Similarity.CompositionalSimilarity:F4} struct_similarity={Similarity.StructuralSimilarityMatchedOnly:F4}");

    /// <summary>masked_acc and comp_similarity of each baseline, e.g. "most_frequent_acc=.. most_frequent_comp_similarity=..".</summary>
    public string BaselineFigures() => string.Join(' ', Baselines.Select(b => string.Create(CultureInfo.InvariantCulture,
        $"{b.Name}_acc={b.MaskedAccuracy:F4} {b.Name}_comp_similarity={b.CompositionalSimilarity:F4}")));

    public string Details() => string.Create(CultureInfo.InvariantCulture,
        $"mask={Mask.ToString().ToLowerInvariant()} sigma={Sigma} structures={Structures} masked_sites={MaskedSites.GrandTotal} masked_acc={MaskedAccuracy:F4} " +
        $"baseline_most_frequent={Elements.Symbol(BaselineZ)} {BaselineFigures()} struct_similarity_printed={Similarity.StructuralSimilarityPrinted:F4} " +
        $"novel_valid_samples={Samples.Count(s => !s.CompositionMatches && s.StructurallyValid && s.CompositionallyValid)} substitution_pearson={SubstitutionCorrelation:F4} {Validity.Options.Describe()}");
}

/// <summary>
/// The paper's evaluation of a pretrained generator (paper-spec 4.6): α/β/γ masks on test structures, positions
/// perturbed with σ̃ · min distance, the model's completion with Z̃_i = argmax for EVERY atom and
/// P̃_i = wrap(P_noisy − ε̂_i) on the unchanged lattice; structural (CDVAE) and SMACT validity of the completions,
/// compositional similarity (Eq. 4), structural similarity (Eq. 5, matched-only and as printed), masked-site
/// accuracy beside the most-frequent-species baseline, the replacement matrix and the comparison of the model's
/// substitution probabilities with the data-mined (Hautier) ones.
/// </summary>
public static class PretrainEvaluation
{
    public static PretrainEvaluationResult Run(LoadedModel loaded, IReadOnlyList<Structure> structures, PretrainEvaluationOptions o)
    {
        if (!(o.Sigma > 0) || !double.IsFinite(o.Sigma))
        {
            throw new ArgumentException($"--noise {o.Sigma}: the structural similarity (Eq. 5) divides by the applied noise, so sigma must be > 0");
        }

        if (structures.Count == 0)
        {
            throw new ArgumentException("evaluate: no structures to evaluate");
        }

        var noise = loaded.Config.Noise with { SigmaRatio = o.Sigma };
        var samples = EvaluationMasks.Samples(structures, o.Mask, o.Seed).ToList();
        var inputs = new List<Structure>(samples.Count);
        var noiseNorms = new double[samples.Count];
        for (var m = 0; m < samples.Count; m++)
        {
            var s = samples[m];
            var nz = PositionNoise.Apply(s.Original, noise, PositionNoise.StreamFor(o.Seed, m, 0));
            noiseNorms[m] = SimilaritySample.MeanNorm(nz.Noise);
            inputs.Add(new Structure(s.Original.Lattice, new MaskResult(s.Masked, MaskStrategy.Species).Apply(s.Original.Species), nz.Noisy, s.Original.Id));
        }

        var ranking = Baselines.ByFrequency((o.BaselineSpecies ?? structures.SelectMany(s => s.Species)).ToArray());
        var baselineZ = ranking[0];
        var alpha = o.Mask == EvaluationMask.Alpha; // α: the masked species is never visible, and the baselines know it
        List<CompletionBaseline> baselines = [CompletionBaseline.MostFrequent(ranking, alpha)];
        if (o.Substitution is { } table)
        {
            baselines.Add(CompletionBaseline.Substitution(table, ranking, alpha));
        }

        var completed = Completion.Run(loaded.Model, loaded.Config.Noise.TargetFrame, inputs, o.BatchSize);
        var validity = new ValiditySummary(o.Smact ?? SmactOptions.Cdvae);
        var similarity = new SimilarityMetrics();
        var maskedSites = new SpeciesReplacementMatrix();
        var novel = new SpeciesReplacementMatrix();
        var probabilities = new SpeciesProbabilityMatrix();
        var rows = new List<EvaluatedSample>(samples.Count);
        for (var m = 0; m < samples.Count; m++)
        {
            var (s, c) = (samples[m], completed[m]);
            var generated = c.Completed(allSites: true);
            var v = validity.Add(generated);
            var sim = new SimilaritySample(s.Original, generated.Species, generated.Positions, noiseNorms[m]);
            similarity.Add(sim);
            maskedSites.Add(s.Original.Species, generated.Species, s.Masked);
            baselines.ForEach(b => b.Add(s.Original.Species, s.Masked));
            var correct = 0;
            for (var i = 0; i < s.Original.Count; i++)
            {
                if (s.Masked[i])
                {
                    probabilities.Add(s.Original.Species[i], c.Probabilities.AsSpan(i * Elements.Count, Elements.Count));
                    correct += generated.Species[i] == s.Original.Species[i] ? 1 : 0;
                }
            }

            if (!sim.CompositionMatches && v.Valid)
            {
                novel.Add(s.Original.Species, generated.Species, s.Original.Species.Select((z, i) => z != generated.Species[i]).ToArray());
            }

            rows.Add(new EvaluatedSample(m, s.Original.Id ?? $"structure{m}", s.Draw, s.Original.Count, s.Masked.Count(x => x), correct,
                sim.CompositionMatches, v.Structural, v.Compositional, sim.PositionError, sim.MeanNoiseNorm));
        }

        return new PretrainEvaluationResult
        {
            Mask = o.Mask,
            Sigma = o.Sigma,
            Structures = structures.Count,
            Validity = validity,
            Similarity = similarity,
            MaskedSites = maskedSites,
            Novel = novel,
            Probabilities = probabilities,
            Samples = rows,
            BaselineZ = baselineZ,
            Baselines = baselines,
            SubstitutionPairs = o.Substitution is null ? [] : SubstitutionPairs(probabilities, o.Substitution),
        };
    }

    private static List<(int, int, double, double)> SubstitutionPairs(SpeciesProbabilityMatrix probabilities, SubstitutionProbability table)
    {
        var inTable = table.Ions.Select(i => i.Z).ToHashSet();
        var pairs = new List<(int, int, double, double)>();
        for (var a = 1; a <= Elements.Count; a++)
        {
            if (probabilities.Sites(a) == 0 || !inTable.Contains(a))
            {
                continue;
            }

            foreach (var b in inTable.Order())
            {
                if (b != a)
                {
                    pairs.Add((a, b, probabilities.Mean(a, b), table.ElementConditionalProbability(a, b)));
                }
            }
        }

        return pairs;
    }
}
