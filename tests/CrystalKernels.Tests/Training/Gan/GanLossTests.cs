using CrystalKernels.Tensors;
using CrystalKernels.Training.Gan;

namespace CrystalKernels.Tests.Training.Gan;

public class GanLossTests
{
    [Test]
    public void WassersteinLossIsTheMeanL1DistanceOfSoftmaxToTheOneHotLabel()
    {
        // Row 0: softmax(0, ln 3) = (1/4, 3/4); row 1: softmax(ln 4, 0) = (4/5, 1/5).
        var logits = Tensor.FromArray([0.0, Math.Log(3), Math.Log(4), 0.0], 2, 2);
        var real = WassersteinLoss.Compute(null, logits, WassersteinLoss.Real).Item();
        var fake = WassersteinLoss.Compute(null, logits, WassersteinLoss.Fake).Item();
        Assert.That(real, Is.EqualTo(((0.25 + 0.25) + (0.8 + 0.8)) / 2).Within(1e-14));
        Assert.That(fake, Is.EqualTo(((0.75 + 0.75) + (0.2 + 0.2)) / 2).Within(1e-14));
    }

    [Test]
    public void DiscriminatorAccuracyCountsRealAndFakeSeparately()
    {
        var acc = new DiscriminatorAccuracy();
        // Real rows: (0, 1) → real ✓; (2, 1) → fake ✗; (0.5, 0.5) tie → class 0 = fake ✗ (torch.argmax takes the first).
        acc.Add(Tensor.FromArray([0.0, 1, 2, 1, 0.5, 0.5], 3, 2), WassersteinLoss.Real);
        // Fake rows: (3, 1) → fake ✓; (0, 5) → real ✗.
        acc.Add(Tensor.FromArray([3.0, 1, 0, 5], 2, 2), WassersteinLoss.Fake);
        Assert.Multiple(() =>
        {
            Assert.That((acc.RealCorrect, acc.RealCount, acc.FakeCorrect, acc.FakeCount), Is.EqualTo((1L, 3L, 1L, 2L)));
            Assert.That(acc.Real, Is.EqualTo(1.0 / 3).Within(1e-15));
            Assert.That(acc.Fake, Is.EqualTo(0.5).Within(1e-15));
            Assert.That(acc.Mean, Is.EqualTo(((1.0 / 3) + 0.5) / 2).Within(1e-15), "the mean of the two rates, not of the 5 samples (2/5)");
        });
        Assert.That(new DiscriminatorAccuracy().Mean, Is.NaN);
    }

    [Test]
    public void GeneratorIsStepped10TimesAsOftenAsTheDiscriminator()
    {
        for (var epoch = 0; epoch < 12; epoch++)
        {
            var d = Enumerable.Range(0, 100).Where(b => GanSchedule.StepsDiscriminator(b, epoch, 10)).ToArray();
            Assert.That(d, Has.Length.EqualTo(10), $"epoch {epoch}: 100 G steps, 10 D steps");
            // The code's shift: (batch + epoch % 10) % 10 == 0.
            Assert.That(d[0], Is.EqualTo((10 - (epoch % 10)) % 10), $"epoch {epoch}");
            Assert.That(d.Zip(d.Skip(1), (a, b) => b - a), Is.All.EqualTo(10));
        }

        Assert.That(Enumerable.Range(0, 30).Where(b => GanSchedule.StepsDiscriminator(b, 7, 10, shiftByEpoch: false)), Is.EqualTo(new[] { 0, 10, 20 }));
        Assert.That(Enumerable.Range(0, 6).Select(b => GanSchedule.StepsDiscriminator(b, 0, 1)), Is.All.True);
        Assert.Throws<ArgumentOutOfRangeException>(() => GanSchedule.StepsDiscriminator(0, 0, 0));
    }
}
