using CrystalKernels.Training.Optim;

namespace CrystalKernels.Tests.Optim;

public class LrScheduleTests
{
    [Test]
    public void ConstantIsConstant()
    {
        var s = new ConstantLr(1e-4);
        Assert.That(new[] { s.At(0), s.At(1), s.At(1_000_000) }, Has.All.EqualTo(1e-4));
        Assert.That(() => s.At(-1), Throws.InstanceOf<ArgumentOutOfRangeException>());
        Assert.That(() => new ConstantLr(-1), Throws.InstanceOf<ArgumentOutOfRangeException>());
    }

    [Test]
    public void WarmupCosineAtItsBoundaries()
    {
        // peak 1e-3, min 1e-5, W = 10 warm-up steps, T = 110 total: a 100-step cosine.
        var s = new WarmupCosineLr(1e-3, 1e-5, 10, 110);
        Assert.That(s.At(0), Is.EqualTo(1e-4).Within(1e-18));            // peak * 1/W: the first step already learns
        Assert.That(s.At(4), Is.EqualTo(5e-4).Within(1e-18));            // peak * 5/10
        Assert.That(s.At(9), Is.EqualTo(1e-3));                          // end of warm-up: peak
        Assert.That(s.At(10), Is.EqualTo(1e-3));                         // start of the cosine: cos 0 = 1
        Assert.That(s.At(60), Is.EqualTo((1e-3 + 1e-5) / 2).Within(1e-18)); // half way: cos(pi/2) = 0
        Assert.That(s.At(35), Is.EqualTo(1e-5 + (1e-3 - 1e-5) * (1 + Math.Sqrt(0.5)) / 2).Within(1e-18)); // quarter: cos(pi/4)
        Assert.That(s.At(109), Is.EqualTo(1e-5 + (1e-3 - 1e-5) * (1 + Math.Cos(Math.PI * 0.99)) / 2).Within(1e-18));
        Assert.That(s.At(110), Is.EqualTo(1e-5));                        // T: the minimum
        Assert.That(s.At(10_000), Is.EqualTo(1e-5));                     // and after
    }

    [Test]
    public void WarmupRisesAndCosineFallsMonotonically()
    {
        var s = new WarmupCosineLr(2e-4, 0, 7, 50);
        for (var t = 1; t < 60; t++)
        {
            if (t < 7)
            {
                Assert.That(s.At(t), Is.GreaterThan(s.At(t - 1)), $"step {t}");
            }
            else
            {
                Assert.That(s.At(t), Is.LessThanOrEqualTo(s.At(t - 1)), $"step {t}");
            }
        }
    }

    [Test]
    public void DegenerateWarmupAndDecayLengths()
    {
        var noWarmup = new WarmupCosineLr(1e-3, 1e-4, 0, 4);
        Assert.That(noWarmup.At(0), Is.EqualTo(1e-3));
        Assert.That(noWarmup.At(2), Is.EqualTo(5.5e-4).Within(1e-18));
        Assert.That(noWarmup.At(4), Is.EqualTo(1e-4));

        var noDecay = new WarmupCosineLr(1e-3, 1e-4, 4, 4);
        Assert.That(noDecay.At(3), Is.EqualTo(1e-3));
        Assert.That(noDecay.At(4), Is.EqualTo(1e-4));

        Assert.That(() => new WarmupCosineLr(1e-3, 1e-4, 5, 4), Throws.InstanceOf<ArgumentOutOfRangeException>().With.Message.Contains("warmup_steps"));
        Assert.That(() => new WarmupCosineLr(1e-4, 1e-3, 0, 4), Throws.InstanceOf<ArgumentOutOfRangeException>().With.Message.Contains("min_lr"));
    }
}
