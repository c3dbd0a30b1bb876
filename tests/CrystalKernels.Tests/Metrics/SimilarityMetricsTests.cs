using CrystalKernels.Crystals;
using CrystalKernels.Crystals.Metrics;
using CrystalKernels.Tests.Support;

namespace CrystalKernels.Tests.Metrics;

/// <summary>Paper Eqs. 4-5 on hand-made samples in a 4 Å cube.</summary>
public class SimilarityMetricsTests
{
    private static readonly Structure Original = Structure.FromFractional(
        Lattice.FromParameters(4, 4, 4, 90, 90, 90), [11, 17], [new Vec3(0, 0, 0), new Vec3(0.5, 0.5, 0.5)]);

    private static SimilaritySample Sample(int[] species, Vec3[] shift, double s) =>
        new(Original, species, Original.Positions.Select((p, i) => p + shift[i]).ToArray(), s);

    [Test]
    public void PerfectDenoisingScoresOne()
    {
        var m = new SimilarityMetrics();
        m.Add(Sample([11, 17], [Vec3.Zero, Vec3.Zero], 0.2));
        Assert.That(m.CompositionalSimilarity, Is.EqualTo(1.0));
        Assert.That(m.StructuralSimilarityPrinted, Is.EqualTo(1.0));
        Assert.That(m.StructuralSimilarityMatchedOnly, Is.EqualTo(1.0));
    }

    [Test]
    public void ErrorIsMinimumImageAndNormalisedByNoise()
    {
        // Site 0 moved by −0.1 x (wrapped to x = 3.9 Å: minimum image 0.1 Å); site 1 by 0.3 Å. err = 0.2, S = 0.4.
        var sample = new SimilaritySample(Original, [11, 17],
            [new Vec3(3.9, 0, 0), Original.Positions[1] + new Vec3(0, 0.3, 0)], 0.4);
        Assert.That(sample.PositionError, Is.EqualTo(0.2).Within(1e-12));
        Assert.That(sample.Score, Is.EqualTo(0.5).Within(1e-12));
    }

    [Test]
    public void CompositionMatchIsPerSiteNotMultiset()
    {
        var swapped = Sample([17, 11], [Vec3.Zero, Vec3.Zero], 0.2);
        Assert.That(swapped.CompositionMatches, Is.False, "same multiset, different sites");
    }

    [Test]
    public void PrintedAndMatchedOnlyDifferByTheDenominator()
    {
        var m = new SimilarityMetrics();
        m.Add(Sample([11, 17], [new Vec3(0.1, 0, 0), new Vec3(0.1, 0, 0)], 0.2)); // matched, err/S = 0.5
        m.Add(Sample([11, 17], [new Vec3(0.05, 0, 0), new Vec3(0, 0.05, 0)], 0.2)); // matched, err/S = 0.25
        m.Add(Sample([11, 11], [new Vec3(0.2, 0, 0), Vec3.Zero], 0.2)); // not matched: no error in either form
        Assert.Multiple(() =>
        {
            Assert.That(m.CompositionalSimilarity, Is.EqualTo(2.0 / 3.0).Within(Tol.MetricRel));
            Assert.That(m.StructuralSimilarityPrinted, Is.EqualTo(1 - 0.75 / 3).Within(Tol.MetricRel));
            Assert.That(m.StructuralSimilarityMatchedOnly, Is.EqualTo(1 - 0.75 / 2).Within(Tol.MetricRel));
        });
    }

    [Test]
    public void EdgeCases()
    {
        var none = new SimilarityMetrics();
        Assert.That(() => none.CompositionalSimilarity, Throws.InvalidOperationException);
        var unmatched = new SimilarityMetrics();
        unmatched.Add(Sample([17, 17], [Vec3.Zero, Vec3.Zero], 0.2));
        Assert.That(unmatched.CompositionalSimilarity, Is.EqualTo(0.0));
        Assert.That(unmatched.StructuralSimilarityPrinted, Is.EqualTo(1.0), "as printed, unmatched samples add no error");
        Assert.That(unmatched.StructuralSimilarityMatchedOnly, Is.NaN);
        Assert.That(() => Sample([11, 17], [Vec3.Zero, Vec3.Zero], 0.0), Throws.ArgumentException.With.Message.Contains("S_m"));
        Assert.That(() => new SimilaritySample(Original, [11], Original.Positions, 0.1), Throws.ArgumentException);
        Assert.That(SimilaritySample.MeanNorm([new Vec3(3, 4, 0), new Vec3(0, 0, 1)]), Is.EqualTo(3.0));
    }
}
