using CrystalKernels.Gpu;
using CrystalKernels.Tensors;
using CrystalKernels.Tensors.Autograd;
using CrystalKernels.Tensors.Random;

namespace CrystalKernels.SelfCheck.Ilgpu;

/// <summary>
/// Runs one op on the CPU reference and on an ILGPU device with the same inputs, then runs backward on both with the
/// same random seed gradient, and compares the outputs and every float input's gradient element by element.
/// </summary>
public static class DeviceComparison
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
        Expect.Close($"{op} forward", cpuY, devY, tol);
        for (var i = 0; i < inputs.Length; i++)
        {
            if (cpuGrads[i] is { } g)
            {
                Expect.That(devGrads[i] is not null, $"{op}: no gradient reached input {i} on {dev}");
                Expect.Close($"{op} gradient of input {i}", g, devGrads[i]!, tol);
            }
        }
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
