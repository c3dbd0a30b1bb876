using CrystalKernels.Tensors;
using CrystalKernels.Tensors.Autograd;
using CrystalKernels.Tensors.Random;

namespace CrystalKernels.Tests.Support;

/// <summary>
/// Float64 finite-difference gradient check. The op under test maps inputs to an output y; the check contracts y
/// with fixed random weights w (L = sum(w * y)) so every output element matters, computes dL/dx on the tape, and
/// compares each element with the central difference (L(x + h) - L(x - h)) / 2h.
/// Tolerance: |analytic - numeric| &lt;= Atol + Rtol * max(|analytic|, |numeric|) (see <see cref="Tol"/>).
/// </summary>
public static class GradCheck
{
    public static void Assert(string op, Func<Tape, Tensor[], Tensor> f, params Tensor[] inputs) =>
        Assert(op, f, inputs, Tol.GradH, Tol.GradAtol, Tol.GradRtol);

    public static void Assert(string op, Func<Tape, Tensor[], Tensor> f, Tensor[] inputs, double h, double atol, double rtol)
    {
        foreach (var x in inputs)
        {
            if (x.DType != DType.Float64)
            {
                throw new ArgumentException($"GradCheck({op}) needs float64 inputs, got {x.Describe()}");
            }
        }

        // Analytic gradients through the tape.
        double[] w;
        var analytic = new double[inputs.Length][];
        using (var tape = new Tape())
        {
            foreach (var x in inputs)
            {
                x.Grad = null;
            }

            var y = f(tape, inputs);
            w = Weights(y.Numel);
            NUnit.Framework.Assert.That(y.RequiresGrad, Is.True, $"{op}: output does not require grad (op recorded nothing)");
            tape.Backward(y, Tensor.FromArray(w, y.Shape.ToArray()));
            for (var i = 0; i < inputs.Length; i++)
            {
                analytic[i] = inputs[i].RequiresGrad && inputs[i].Grad is not null ? inputs[i].Grad!.ToDoubleArray() : new double[inputs[i].Numel];
            }
        }

        var total = 0.0;
        for (var i = 0; i < inputs.Length; i++)
        {
            var x = inputs[i];
            if (!x.RequiresGrad)
            {
                continue;
            }

            var xs = x.Span<double>();
            for (var j = 0; j < xs.Length; j++)
            {
                var orig = xs[j];
                xs[j] = orig + h;
                var lp = Contract(f(null!, inputs), w);
                xs = x.Span<double>();
                xs[j] = orig - h;
                var lm = Contract(f(null!, inputs), w);
                xs = x.Span<double>();
                xs[j] = orig;
                var numeric = (lp - lm) / (2 * h);
                var a = analytic[i][j];
                var tol = atol + rtol * Math.Max(Math.Abs(a), Math.Abs(numeric));
                total += Math.Abs(a);
                if (!(Math.Abs(a - numeric) <= tol))
                {
                    NUnit.Framework.Assert.Fail($"{op}: d/d input[{i}] {x.Describe()} element {j}: analytic {a:G10} vs numeric {numeric:G10} (|diff| {Math.Abs(a - numeric):G3} > tol {tol:G3})");
                }
            }
        }

        // A check where every gradient is zero proves nothing.
        NUnit.Framework.Assert.That(total, Is.GreaterThan(0), $"{op}: all analytic gradients are zero");
    }

    /// <summary>Random float64 tensor with values in [lo, hi), seeded (deterministic per test).</summary>
    public static Tensor Random(ulong seed, double lo, double hi, params int[] shape)
    {
        var t = Tensor.Zeros(new Shape(shape), DType.Float64);
        var rng = RngStream.Create(seed, "gradcheck-input");
        var s = t.Span<double>();
        for (var i = 0; i < s.Length; i++)
        {
            s[i] = lo + (hi - lo) * rng.UniformDouble((ulong)i);
        }

        t.RequiresGrad = true;
        return t;
    }

    private static double[] Weights(long n)
    {
        var rng = RngStream.Create(12345, "gradcheck-weights");
        var w = new double[n];
        for (var i = 0; i < n; i++)
        {
            w[i] = 0.5 + rng.UniformDouble((ulong)i);
        }

        return w;
    }

    private static double Contract(Tensor y, double[] w)
    {
        var ys = y.Span<double>();
        var acc = 0.0;
        for (var i = 0; i < ys.Length; i++)
        {
            acc += ys[i] * w[i];
        }

        return acc;
    }
}
