using CrystalKernels.Crystals.Metrics;

namespace CrystalKernels.Tests.Metrics;

public class SpeciesReplacementMatrixTests
{
    [Test]
    public void CountsOnlyMaskedSitesAndComputesAccuracyAndRatios()
    {
        var m = new SpeciesReplacementMatrix();
        // O sites: 3 masked -> O, S, S; one unmasked O -> Se is ignored. Na: 1 masked -> Na.
        m.Add([8, 8, 8, 8, 11], [8, 16, 16, 34, 11], [true, true, true, false, true]);
        m.Add([8, 8], [9, 8], [true, true]);
        Assert.Multiple(() =>
        {
            Assert.That(m.Count(8, 16), Is.EqualTo(2));
            Assert.That(m.Count(8, 34), Is.EqualTo(0), "unmasked site");
            Assert.That(m.Total(8), Is.EqualTo(5));
            Assert.That(m.GrandTotal, Is.EqualTo(6));
            Assert.That(m.Accuracy(8), Is.EqualTo(2.0 / 5.0));
            Assert.That(m.Accuracy(11), Is.EqualTo(1.0));
            Assert.That(m.Accuracy(26), Is.NaN, "Fe never masked");
            Assert.That(m.OverallAccuracy, Is.EqualTo(3.0 / 6.0));
            Assert.That(m.ReplacementRatio(8, 16), Is.EqualTo(2.0 / 3.0));
            Assert.That(m.ReplacementRatio(8, 9), Is.EqualTo(1.0 / 3.0));
            Assert.That(m.ReplacementRatio(11, 17), Is.NaN, "Na never replaced");
            Assert.That(m.TopReplacements(8, 5), Is.EqualTo(new[] { (16, 2.0 / 3.0), (9, 1.0 / 3.0) }));
            Assert.That(m.ToRowMajor()[(8 - 1) * 118 + (16 - 1)], Is.EqualTo(2));
        });
    }

    [Test]
    public void RejectsBadInput()
    {
        var m = new SpeciesReplacementMatrix();
        Assert.That(() => m.Add([8], [8, 8], [true]), Throws.ArgumentException);
        Assert.That(() => m.Add([8], [0], [true]), Throws.InstanceOf<ArgumentOutOfRangeException>().With.Message.Contains("site 0"));
        Assert.That(() => m.ReplacementRatio(8, 8), Throws.ArgumentException);
    }

    [Test]
    public void ProbabilityMatrixAveragesSoftmaxRows()
    {
        var p = new SpeciesProbabilityMatrix();
        var a = new double[118];
        var b = new double[118];
        a[7] = 0.75;
        a[15] = 0.25;
        b[7] = 0.25;
        b[15] = 0.75;
        p.Add(8, a);
        p.Add(8, b);
        Assert.That(p.Sites(8), Is.EqualTo(2));
        Assert.That(p.Mean(8, 16), Is.EqualTo(0.5));
        Assert.That(p.Mean(9, 16), Is.NaN);
        Assert.That(() => p.Add(8, new double[3]), Throws.ArgumentException);
    }
}
