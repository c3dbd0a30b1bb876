using CrystalKernels.Tensors;
using CrystalKernels.Tensors.Backends.Cpu;
using CrystalKernels.Tensors.Ops;
using CrystalKernels.Tests.Support;

namespace CrystalKernels.Tests.Elementwise;

/// <summary>
/// Both dtypes' kernels (TensorPrimitives SIMD bodies, their scalar tails, the parallel chunking) against the scalar
/// double reference of each op, for every length 0..257 and one length that spans several parallel chunks. Inputs and
/// parameters are float-representable, so a float32 result differs from the reference only by the kernel's rounding.
/// </summary>
public class UnaryKernelTests
{
    private static readonly int[] Lengths = [.. Enumerable.Range(0, 258), (2 * CpuElementwiseKernels.UnaryGrain) + 4_321];

    [Test]
    public void ForwardMatchesScalarReference(
        [ValueSource(typeof(UnaryCase), nameof(UnaryCase.Names))] string name,
        [Values(DType.Float32, DType.Float64)] DType dtype)
    {
        var c = UnaryCase.Get(name);
        var (p0, p1) = ((double)(float)c.P0, (double)(float)c.P1);
        var worst = 0.0;
        var norm = 0.0;
        foreach (var n in Lengths)
        {
            var x = Representable(c.Inputs((ulong)n, n));
            var y = Op.Unary(null, c.KernelOp, Tensor.FromArray(x, n).To(dtype), p0, p1).ToDoubleArray();
            for (var i = 0; i < n; i++)
            {
                var r = c.Reference(x[i], p0, p1);
                worst = Math.Max(worst, Math.Abs(y[i] - r) / Math.Max(1.0, Math.Abs(r)));
                norm += Math.Abs(r);
            }
        }

        TestContext.Out.WriteLine($"{name} {dtype.Name()}: worst forward error {worst:G3}");
        Assert.That(norm, Is.GreaterThan(0), $"{name}: all outputs zero");
        Assert.That(worst, Is.LessThanOrEqualTo(dtype == DType.Float32 ? Tol.Float32Elementwise : Tol.Float64Elementwise),
            $"{name} {dtype.Name()}: worst |y - reference| / max(1, |reference|)");
    }

    [Test]
    public void BackwardMatchesScalarReference(
        [ValueSource(typeof(UnaryCase), nameof(UnaryCase.Names))] string name,
        [Values(DType.Float32, DType.Float64)] DType dtype)
    {
        var c = UnaryCase.Get(name);
        var (p0, p1) = ((double)(float)c.P0, (double)(float)c.P1);
        var k = CpuBackend.Instance.Elementwise;
        var worst = 0.0;
        var norm = 0.0;
        foreach (var n in Lengths)
        {
            var x = Representable(c.Inputs((ulong)n, n));
            var dy = Representable(UnaryCase.Signed((ulong)n, "upstream", n));

            // Start from non-zero gradients: the kernel must add to them.
            var existing = Representable(UnaryCase.Signed((ulong)n, "existing-grad", n));
            var tx = Tensor.FromArray(x, n).To(dtype);
            var ty = Op.Unary(null, c.KernelOp, tx, p0, p1);
            var tdx = Tensor.FromArray(existing, n).To(dtype);
            k.UnaryBackward(c.KernelOp, tx, ty, Tensor.FromArray(dy, n).To(dtype), tdx, p0, p1);
            var dx = tdx.ToDoubleArray();
            for (var i = 0; i < n; i++)
            {
                var r = existing[i] + (dy[i] * c.ReferenceDerivative(x[i], p0, p1));
                worst = Math.Max(worst, Math.Abs(dx[i] - r) / Math.Max(1.0, Math.Abs(r)));
                norm += Math.Abs(r - existing[i]);
            }
        }

        TestContext.Out.WriteLine($"{name} {dtype.Name()}: worst backward error {worst:G3}");
        Assert.That(norm, Is.GreaterThan(0), $"{name}: all gradients zero");
        Assert.That(worst, Is.LessThanOrEqualTo(dtype == DType.Float32 ? Tol.Float32ElementwiseGrad : Tol.Float64Elementwise),
            $"{name} {dtype.Name()}: worst |dx - reference| / max(1, |reference|)");
    }

    /// <summary>dx += g, not dx = g: starting from e must give exactly e + (the result from zero).</summary>
    [Test]
    public void BackwardAccumulatesIntoExistingGradient([ValueSource(typeof(UnaryCase), nameof(UnaryCase.Names))] string name)
    {
        const int n = 257;
        var c = UnaryCase.Get(name);
        var k = CpuBackend.Instance.Elementwise;
        var x = Tensor.FromArray(c.Inputs(11, n), n);
        var dy = Tensor.FromArray(UnaryCase.Signed(11, "upstream", n), n);
        var y = Op.Unary(null, c.KernelOp, x, c.P0, c.P1);
        var existing = UnaryCase.Signed(11, "existing-grad", n);
        var fromZero = Tensor.Zeros(x.Shape, DType.Float64);
        var fromExisting = Tensor.FromArray(existing, n);
        k.UnaryBackward(c.KernelOp, x, y, dy, fromZero, c.P0, c.P1);
        k.UnaryBackward(c.KernelOp, x, y, dy, fromExisting, c.P0, c.P1);
        var g = fromZero.ToDoubleArray();
        var expected = existing.Select((e, i) => e + g[i]).ToArray();
        Assert.That(fromExisting.ToDoubleArray(), Is.EqualTo(expected));
        Assert.That(g.Sum(Math.Abs), Is.GreaterThan(0), $"{name}: all gradients zero");
    }

    /// <summary>The values rounded to float32, so both dtypes see exactly the same inputs.</summary>
    private static double[] Representable(double[] values) => values.Select(v => (double)(float)v).ToArray();
}
