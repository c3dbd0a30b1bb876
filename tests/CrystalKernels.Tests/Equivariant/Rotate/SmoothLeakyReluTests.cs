using CrystalKernels.Equivariant.Ops;
using CrystalKernels.Tensors;
using CrystalKernels.Tensors.Autograd;

namespace CrystalKernels.Tests.Equivariant.Rotate;

/// <summary>EqOp.SmoothLeakyRelu against the reference's formula, and float32 against float64.</summary>
public class SmoothLeakyReluTests
{
    [TestCase(0.2)]
    [TestCase(0.0)]
    [TestCase(1.0)]
    public void MatchesTheReferenceFormula(double a)
    {
        // FORK SmoothLeakyReLU: ((1+a)/2) x + ((1-a)/2) x (2 sigmoid(x) - 1).
        var x = Tensor.FromArray(Enumerable.Range(0, 301).Select(i => (i - 150) / 10.0).ToArray(), 301);
        var y = EqOp.SmoothLeakyRelu(null, x, a).ToDoubleArray();
        var worst = 0.0;
        foreach (var (xi, yi) in x.ToDoubleArray().Zip(y))
        {
            var s = 1 / (1 + Math.Exp(-xi));
            var reference = ((1 + a) / 2 * xi) + ((1 - a) / 2 * xi * ((2 * s) - 1));
            worst = Math.Max(worst, Math.Abs(yi - reference) / Math.Max(1, Math.Abs(reference)));
        }

        Assert.That(worst, Is.LessThanOrEqualTo(RotateTol.SmoothLeakyReluFloat64));
    }

    [Test]
    public void Float32AgreesWithFloat64()
    {
        // 70,001 elements: several parallel chunks, SIMD bodies and a scalar tail.
        var x64 = Tensor.FromArray(Enumerable.Range(0, 70_001).Select(i => (float)Math.Sin(i * 0.37) * 8.0).ToArray(), 70_001);
        var (y64, g64) = Run(x64);
        var (y32, g32) = Run(x64.To(DType.Float32));
        Assert.Multiple(() =>
        {
            Assert.That(MaxRel(y32, y64), Is.LessThanOrEqualTo(RotateTol.SmoothLeakyReluFloat32));
            Assert.That(MaxRel(g32, g64), Is.LessThanOrEqualTo(RotateTol.SmoothLeakyReluFloat32));
        });
    }

    private static (double[] Y, double[] Grad) Run(Tensor x0)
    {
        var x = x0.DType == DType.Float64 ? x0.To(DType.Float64) : x0;
        x.RequiresGrad = true;
        using var tape = new Tape();
        var y = EqOp.SmoothLeakyRelu(tape, x);
        var seed = Tensor.FromArray(Enumerable.Range(0, (int)x.Numel).Select(i => (float)Math.Cos(i * 0.11)).ToArray(), (int)x.Numel).To(x.DType);
        tape.Backward(y, seed);
        return (y.ToDoubleArray(), x.Grad!.ToDoubleArray());
    }

    /// <summary>Per element |a − b| / max(1, |b|).</summary>
    private static double MaxRel(double[] a, double[] b) => a.Zip(b).Max(p => Math.Abs(p.First - p.Second) / Math.Max(1, Math.Abs(p.Second)));
}
