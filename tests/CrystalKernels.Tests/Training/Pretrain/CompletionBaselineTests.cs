using CrystalKernels.Crystals.Metrics;
using CrystalKernels.Training.Pretraining;

namespace CrystalKernels.Tests.Training.Pretrain;

public class CompletionBaselineTests
{
    [Test]
    public void MostFrequentScoresMaskedSitesAndWholeSamples()
    {
        var b = CompletionBaseline.MostFrequent([8, 11]);
        b.Add([11, 17, 8, 8], [false, false, true, true]); // both masked O: sample matches
        b.Add([11, 17, 8, 8], [true, false, true, false]); // Na masked wrong: no match
        Assert.Multiple(() =>
        {
            Assert.That(b.MaskedAccuracy, Is.EqualTo(3 / 4.0));
            Assert.That(b.CompositionalSimilarity, Is.EqualTo(1 / 2.0));
        });
    }

    [Test]
    public void SubstitutionPicksTheSpeciesMostCompatibleWithTheVisibleSites()
    {
        // Na and K substitute for each other (λ = 1), self-substitution λ = 0, Cl only with itself.
        var table = new SubstitutionProbability([("Na1+", "K1+", 1.0), ("Na1+", "Na1+", 0.0), ("K1+", "K1+", 0.0), ("Cl1-", "Cl1-", 0.0)]);
        var b = CompletionBaseline.Substitution(table, [8]);
        b.Add([11, 19], [false, true]);           // visible Na: P(K | Na) = e/(1+e+e^-5) > P(Na | Na), so K
        b.Add([26, 26], [true, false]);            // visible Fe is not in the table: fallback O
        Assert.Multiple(() =>
        {
            Assert.That(b.MaskedAccuracy, Is.EqualTo(1 / 2.0));
            Assert.That(b.CompositionalSimilarity, Is.EqualTo(1 / 2.0));
            Assert.That(b.Name, Is.EqualTo("substitution"));
        });
    }

    [Test]
    public void UnderAlphaMasksVisibleSpeciesAreNotCandidates()
    {
        var table = new SubstitutionProbability([("Na1+", "K1+", 1.0), ("Na1+", "Na1+", 0.0), ("K1+", "K1+", 0.0), ("Cl1-", "Cl1-", 0.0)]);
        var sub = CompletionBaseline.Substitution(table, [8], excludeVisible: true);
        sub.Add([19, 17], [true, false]); // visible Cl: Cl excluded, the next best substitute for Cl among the rest
        var mf = CompletionBaseline.MostFrequent([8, 11, 17], excludeVisible: true);
        mf.Add([8, 8, 11], [false, false, true]); // O visible, so the next most frequent: Na
        Assert.Multiple(() =>
        {
            Assert.That(mf.MaskedAccuracy, Is.EqualTo(1.0));
            Assert.That(sub.MaskedAccuracy, Is.EqualTo(0.0), "P(K | Cl) = P(Na | Cl): a tie goes to the lower Z, Na");
        });
    }
}
