using CrystalKernels.Crystals;
using CrystalKernels.Crystals.Metrics;

namespace CrystalKernels.Training.Pretraining;

/// <summary>
/// A rule that fills the masked sites of a sample from what is left visible. Baselines keep every unmasked species,
/// so their compositional similarity (Eq. 4) is simply "every masked site right": a generous comparison for the
/// model, which must also keep the unmasked sites.
/// </summary>
public sealed class CompletionBaseline(string name, Func<IReadOnlyList<int>, bool[], int> predict)
{
    private long sites;
    private long correct;
    private int samples;
    private int matches;

    /// <summary>Short name used in the printed line and baselines.csv (most_frequent, substitution).</summary>
    public string Name { get; } = name;

    public double MaskedAccuracy => sites > 0 ? correct / (double)sites : double.NaN;

    /// <summary>Eq. 4 for the baseline: the fraction of samples whose masked sites are all right.</summary>
    public double CompositionalSimilarity => samples > 0 ? matches / (double)samples : double.NaN;

    /// <summary>Scores one sample: the rule predicts one species for its masked sites.</summary>
    public void Add(IReadOnlyList<int> species, bool[] masked)
    {
        var z = predict(species, masked);
        var allRight = true;
        for (var i = 0; i < species.Count; i++)
        {
            if (masked[i])
            {
                sites++;
                var ok = species[i] == z;
                correct += ok ? 1 : 0;
                allRight &= ok;
            }
        }

        samples++;
        matches += allRight ? 1 : 0;
    }

    /// <summary>The most frequent species of the training atoms (O for MP-20); with <paramref name="excludeVisible"/>
    /// (α masks, where the masked species is never among the visible ones) the most frequent one not visible.</summary>
    /// <param name="ranking">Species by training frequency, most frequent first.</param>
    public static CompletionBaseline MostFrequent(IReadOnlyList<int> ranking, bool excludeVisible = false) =>
        new("most_frequent", (species, masked) => FirstAllowed(ranking, species, masked, excludeVisible));

    /// <summary>
    /// The data-mined substitution baseline (Hautier 2011) as a predictor: a masked site takes the species B that
    /// maximises Σ over visible sites j of P(B replaces Z_j), i.e. the species most compatible with the visible
    /// chemistry by the mined substitution statistics (self-substitution dominates, so under β/γ masks it mostly
    /// copies the commonest visible species, the strong "look at the rest of the crystal" rule). Samples with no
    /// visible site in the table fall back to the most frequent species. With <paramref name="excludeVisible"/> (α masks)
    /// the visible species are not candidates, so B is the best substitute for the visible chemistry.
    /// </summary>
    public static CompletionBaseline Substitution(SubstitutionProbability table, IReadOnlyList<int> ranking, bool excludeVisible = false)
    {
        var rows = new Dictionary<int, double[]>();
        return new("substitution", (species, masked) =>
        {
            var score = new double[Elements.Count + 1];
            var any = false;
            for (var j = 0; j < species.Count; j++)
            {
                if (masked[j])
                {
                    continue;
                }

                if (!rows.TryGetValue(species[j], out var row))
                {
                    rows[species[j]] = row = table.ElementReplacementRow(species[j]);
                }

                if (double.IsNaN(row[0]))
                {
                    continue;
                }

                any = true;
                for (var b = 1; b <= Elements.Count; b++)
                {
                    score[b] += row[b];
                }
            }

            if (!any)
            {
                return FirstAllowed(ranking, species, masked, excludeVisible);
            }

            if (excludeVisible)
            {
                for (var j = 0; j < species.Count; j++)
                {
                    score[species[j]] = masked[j] ? score[species[j]] : double.NegativeInfinity;
                }
            }

            var best = 1;
            for (var b = 2; b <= Elements.Count; b++)
            {
                best = score[b] > score[best] ? b : best;
            }

            return best;
        });
    }

    private static int FirstAllowed(IReadOnlyList<int> ranking, IReadOnlyList<int> species, bool[] masked, bool excludeVisible)
    {
        if (!excludeVisible)
        {
            return ranking[0];
        }

        var visible = species.Where((_, j) => !masked[j]).ToHashSet();
        return ranking.FirstOrDefault(z => !visible.Contains(z), ranking[0]);
    }
}
