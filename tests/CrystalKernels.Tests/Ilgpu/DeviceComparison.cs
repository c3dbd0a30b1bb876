using CrystalKernels.Gpu;
using CrystalKernels.Tensors;
using CrystalKernels.Tensors.Autograd;
using CrystalKernels.Tensors.Random;

namespace CrystalKernels.Tests.Ilgpu;

/// <summary>
/// Runs one op on the CPU reference and on an ILGPU device with the same inputs, then runs backward on both with the
/// same random seed gradient, and compares the outputs and every float input's gradient element by element.
/// </summary>
internal static class DeviceComparison
{
    /// <summary>Random float tensor in [lo, hi) of the given dtype (CPU), seeded.</summary>
    public static Tensor Rand(ulong seed, double lo, double hi, DType dtype, params int[] shape)
    {
        var t = Tensor.Zeros(new Shape(shape), DType.Float64);
        var rng = RngStream.Create(seed, "ilgpu-input");
        var s = t.Span<double>();
        for (var i = 0; i < s.Length; i++)
        {
            s[i] = lo + (hi - lo) * rng.UniformDouble((ulong)i);
        }

        return t.To(dtype);
    }

    /// <summary>Compares forward and backward of <paramref name="f"/>; int32 inputs are indices (no gradient).</summary>
    public static void Check(IlgpuDevice dev, string op, Func<Tape, Tensor[], Tensor> f, double tol, params Tensor[] inputs)
    {
        var (cpuY, cpuGrads) = Run(null, f, inputs);
        var (devY, devGrads) = Run(dev, f, inputs);
        AssertClose($"{op} forward", cpuY, devY, tol);
        for (var i = 0; i < inputs.Length; i++)
        {
            if (cpuGrads[i] is { } g)
            {
                Assert.That(devGrads[i], Is.Not.Null, $"{op}: no gradient reached input {i} on {dev}");
                AssertClose($"{op} gradient of input {i}", g, devGrads[i]!, tol);
            }
        }
    }

    /// <summary>Largest |a - b| / max(1, |a|) must not exceed tol; a NaN in one but not the other fails.</summary>
    public static void AssertClose(string what, Tensor expected, Tensor actual, double tol)
    {
        Assert.That(actual.Shape, Is.EqualTo(expected.Shape), what);
        var a = expected.ToDoubleArray();
        var b = actual.ToDoubleArray();
        var worst = 0.0;
        var at = -1;
        for (var i = 0; i < a.Length; i++)
        {
            var err = double.IsNaN(a[i]) || double.IsNaN(b[i])
                ? (double.IsNaN(a[i]) && double.IsNaN(b[i]) ? 0 : double.PositiveInfinity)
                : Math.Abs(a[i] - b[i]) / Math.Max(1, Math.Abs(a[i]));
            if (err > worst)
            {
                worst = err;
                at = i;
            }
        }

        Assert.That(worst, Is.LessThanOrEqualTo(tol), $"{what}: worst relative error {worst:E2} at {at} (cpu {(at >= 0 ? a[at] : 0)}, ilgpu {(at >= 0 ? b[at] : 0)})");
    }

    private static (Tensor Y, Tensor?[] Grads) Run(IlgpuDevice? dev, Func<Tape, Tensor[], Tensor> f, Tensor[] inputs)
    {
        using var tape = new Tape(dev);
        var xs = inputs.Select(x => dev is null ? x.To(x.DType) : dev.Upload(x)).ToArray();
        foreach (var x in xs)
        {
            x.RequiresGrad = x.DType != DType.Int32;
        }

        var y = f(tape, xs);
        var seed = Rand(777, -1, 1, y.DType, y.Shape.ToArray());
        tape.Backward(y, dev is null ? seed : dev.Upload(seed, tape));
        var grads = xs.Select(x => x.Grad is null ? null : IlgpuDevice.Download(x.Grad)).ToArray();
        return (IlgpuDevice.Download(y), grads);
    }
}
