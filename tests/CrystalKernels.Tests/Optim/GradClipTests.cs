using CrystalKernels.Tensors;
using CrystalKernels.Tensors.Backends.Cpu;
using CrystalKernels.Tensors.Nn;
using CrystalKernels.Tensors.Random;
using CrystalKernels.Training.Optim;

namespace CrystalKernels.Tests.Optim;

public class GradClipTests
{
    [Test]
    public void ReturnsTheGlobalNormAndLeavesSmallGradientsAlone()
    {
        // Gradients (3, 4) and (12): global norm sqrt(9 + 16 + 144) = 13.
        var (a, b) = Pair();
        var total = GradClip.ClipGradNorm([a, b], maxNorm: 13.1);
        Assert.That(total, Is.EqualTo(13.0));
        Assert.That(a.Grad!.ToDoubleArray(), Is.EqualTo(new[] { 3.0, 4.0 }));
        Assert.That(b.Grad!.ToDoubleArray(), Is.EqualTo(new[] { 12.0 }));
    }

    [Test]
    public void ScalesEveryGradientByMaxNormOverNormPlusEps()
    {
        // max_norm 6.5 over norm 13: clip_coef = 6.5 / (13 + 1e-6) = 0.49999996153846..., so (3, 4, 12) become a
        // hair under (1.5, 2, 6): 3 * coef = 1.4999998846153935.
        var (a, b) = Pair();
        var total = GradClip.ClipGradNorm([a, b], maxNorm: 6.5);
        Assert.That(total, Is.EqualTo(13.0));
        const double coef = 6.5 / (13.0 + 1e-6);
        Assert.That(a.Grad!.ToDoubleArray(), Is.EqualTo(new[] { 3 * coef, 4 * coef }));
        Assert.That(a.Grad!.ToDoubleArray()[0], Is.EqualTo(1.4999998846153935).Within(1e-15));
        Assert.That(b.Grad!.ToDoubleArray(), Is.EqualTo(new[] { 12 * coef }));

        // The clipped norm is max_norm up to the 1e-6 guard.
        Assert.That(GradClip.ClipGradNorm([a, b], maxNorm: 100), Is.EqualTo(6.5).Within(1e-6));
    }

    [Test]
    public void ExactlyAtMaxNormTheGuardStillClipsSlightly()
    {
        // PyTorch clips when max_norm / (norm + 1e-6) < 1, which holds at norm == max_norm.
        var (a, b) = Pair();
        GradClip.ClipGradNorm([a, b], maxNorm: 13);
        Assert.That(b.Grad!.Item(), Is.LessThan(12.0).And.EqualTo(12 * 13 / (13 + 1e-6)));
    }

    [Test]
    public void ParametersWithoutGradAreIgnored()
    {
        var (a, b) = Pair();
        var none = Parameter.Create("none", new Shape(3));
        Assert.That(GradClip.ClipGradNorm([a, none, b], 100), Is.EqualTo(13.0));
        Assert.That(GradClip.ClipGradNorm([none], 1), Is.Zero);
        Assert.That(none.Grad, Is.Null);
    }

    [Test]
    public void Float32GradientsSumInDoubleAndScaleInFloat()
    {
        const int n = 100_003;
        var g = new float[n];
        RngStream.Create(8, "clip-f32").FillUniform(g);
        var p = Parameter.Create("w", new Shape(n));
        p.Grad = Tensor.FromArray(g, n);
        var expected = Math.Sqrt(g.Sum(x => (double)x * x));
        var total = GradClip.ClipGradNorm([p], 1.0);

        // The reference sums in another order: both are double sums of 1e5 terms, rounding ~1e-16 each.
        Assert.That(total, Is.EqualTo(expected).Within(1e-12 * expected));
        var coef = (float)(1.0 / (total + 1e-6));
        Assert.That(p.Grad.ToFloatArray(), Is.EqualTo(g.Select(x => x * coef).ToArray()).AsCollection);
    }

    [Test]
    public void NormIsIndependentOfTheThreadCount()
    {
        const int n = (3 << 15) + 17;
        var g = new double[n];
        RngStream.Create(9, "clip-threads").FillNormal(g);
        var saved = CpuParallel.Threads;
        try
        {
            var norms = new[] { 1, 2 }.Select(threads =>
            {
                CpuParallel.Threads = threads;
                var p = Parameter.Create("w", new Shape(n));
                p.Grad = Tensor.FromArray(g, n);
                return GradClip.ClipGradNorm([p], 1.0);
            }).ToArray();
            Assert.That(BitConverter.DoubleToInt64Bits(norms[1]), Is.EqualTo(BitConverter.DoubleToInt64Bits(norms[0])));
        }
        finally
        {
            CpuParallel.Threads = saved;
        }
    }

    [Test]
    public void NonFiniteNormPoisonsTheGradientsOrThrowsWhenAsked()
    {
        var (a, b) = Pair();
        b.Grad!.Span<double>()[0] = double.NaN;
        Assert.That(() => GradClip.ClipGradNorm([a, b], 1, errorIfNonfinite: true), Throws.InvalidOperationException.With.Message.Contains("b float64[1]"));
        Assert.That(a.Grad!.ToDoubleArray(), Is.EqualTo(new[] { 3.0, 4.0 }));

        // Like PyTorch's clamp(NaN coef): the NaN spreads to every gradient rather than being silently skipped.
        Assert.That(GradClip.ClipGradNorm([a, b], 1), Is.NaN);
        Assert.That(a.Grad!.ToDoubleArray(), Has.All.NaN);
    }

    private static (Tensor A, Tensor B) Pair()
    {
        var a = Parameter.Create("a", new Shape(2), DType.Float64);
        var b = Parameter.Create("b", new Shape(1), DType.Float64);
        a.Grad = Tensor.FromArray(new[] { 3.0, 4.0 }, 2);
        b.Grad = Tensor.FromArray(new[] { 12.0 }, 1);
        return (a, b);
    }
}
