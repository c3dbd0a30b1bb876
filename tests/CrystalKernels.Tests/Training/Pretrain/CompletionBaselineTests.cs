using CrystalKernels.Crystals.Metrics;
using CrystalKernels.Training.Pretraining;

namespace CrystalKernels.Tests.Training.Pretrain;

public class CompletionBaselineTests
{
    [Test]
    public void MostFrequentScoresMaskedSitesAndWholeSamples()
    {
        var b = CompletionBaseline.MostFrequent(8);
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
        var b = CompletionBaseline.Substitution(table, fallbackZ: 8);
        b.Add([11, 19], [false, true]);           // visible Na: P(K | Na) = e/(1+e+e^-5) > P(Na | Na), so K
        b.Add([26, 26], [true, false]);            // visible Fe is not in the table: fallback O
        Assert.Multiple(() =>
        {
            Assert.That(b.MaskedAccuracy, Is.EqualTo(1 / 2.0));
            Assert.That(b.CompositionalSimilarity, Is.EqualTo(1 / 2.0));
            Assert.That(b.Name, Is.EqualTo("substitution"));
        });
    }
}
