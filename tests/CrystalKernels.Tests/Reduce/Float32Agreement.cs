using CrystalKernels.Tensors;
using CrystalKernels.Tensors.Autograd;
using CrystalKernels.Tests.Support;

namespace CrystalKernels.Tests.Reduce;

/// <summary>
/// Runs an op forward and backward once in float64 and once in float32 on the same values and checks that output and
/// every input gradient agree within <see cref="Tol.Float32Rel"/> of each result's largest magnitude.
/// </summary>
public static class Float32Agreement
{
    public static void Assert(string op, Func<Tape, Tensor[], Tensor> f, params Tensor[] inputs64)
    {
        var (y64, g64) = Run(f, inputs64, DType.Float64);
        var (y32, g32) = Run(f, inputs64, DType.Float32);
        Compare($"{op} output", y64, y32);
        for (var i = 0; i < g64.Length; i++)
        {
            Compare($"{op} d/d input[{i}]", g64[i], g32[i]);
        }
    }

    private static (double[] Y, double[][] Grads) Run(Func<Tape, Tensor[], Tensor> f, Tensor[] inputs64, DType dtype)
    {
        var xs = inputs64.Select(x =>
        {
            var c = x.To(dtype);
            c.RequiresGrad = true;
            return c;
        }).ToArray();
        using var tape = new Tape();
        var y = f(tape, xs);
        var seed = Tensor.Zeros(y.Shape, dtype);
        var w = new double[y.Numel];
        for (var i = 0; i < w.Length; i++)
        {
            w[i] = 0.5 + i % 7 / 7.0;
        }

        seed.CopyFrom(Tensor.FromArray(w, y.Shape.ToArray()));
        tape.Backward(y, seed);
        return (y.ToDoubleArray(), xs.Select(x => x.Grad!.ToDoubleArray()).ToArray());
    }

    private static void Compare(string what, double[] reference, double[] fast)
    {
        NUnit.Framework.Assert.That(fast, Has.Length.EqualTo(reference.Length), what);
        var scale = reference.Length == 0 ? 1.0 : Math.Max(1e-30, reference.Max(Math.Abs));
        for (var i = 0; i < reference.Length; i++)
        {
            var err = Math.Abs(fast[i] - reference[i]) / scale;
            NUnit.Framework.Assert.That(err, Is.LessThanOrEqualTo(Tol.Float32Rel),
                $"{what} element {i}: float32 {fast[i]:G9} vs float64 {reference[i]:G17}");
        }
    }
}
