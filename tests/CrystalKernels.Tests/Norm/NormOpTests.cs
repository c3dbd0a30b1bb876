using CrystalKernels.Tensors;
using CrystalKernels.Tensors.Autograd;
using CrystalKernels.Tensors.Ops;
using CrystalKernels.Tensors.Random;
using CrystalKernels.Tests.Graph;
using CrystalKernels.Tests.Support;

namespace CrystalKernels.Tests.Norm;

public class NormOpTests
{
    private static readonly int[][] Shapes = [[3, 5], [2, 3, 4], [1, 7]];

    [Test]
    [Category(Categories.GradCheck)]
    public void LayerNormGradCheck([Values(0, 1, 2)] int shape)
    {
        var s = Shapes[shape];
        var x = GradCheck.Random(1, -1, 1, s);
        var w = GradCheck.Random(2, 0.5, 1.5, s[^1]);
        var b = GradCheck.Random(3, -0.5, 0.5, s[^1]);
        GradCheck.Assert("LayerNorm", (t, xs) => Op.LayerNorm(t, xs[0], xs[1], xs[2], 1e-5), x, w, b);
    }

    [Test]
    [Category(Categories.GradCheck)]
    public void RmsNormGradCheck([Values(0, 1, 2)] int shape)
    {
        var s = Shapes[shape];
        var x = GradCheck.Random(4, -1, 1, s);
        var w = GradCheck.Random(5, 0.5, 1.5, s[^1]);
        GradCheck.Assert("RmsNorm", (t, xs) => Op.RmsNorm(t, xs[0], xs[1], 1e-6), x, w);
    }

    [Test]
    public void LayerNormFloat32MatchesADoubleReference()
    {
        const int rows = 6, c = 33;
        var (x, w, b) = RandomInputs(9, rows, c);
        var y = Op.LayerNorm(null, x.To(DType.Float32), w.To(DType.Float32), b.To(DType.Float32), 1e-5).ToFloatArray();
        var xs = x.ToDoubleArray();
        var ws = w.ToDoubleArray();
        var bs = b.ToDoubleArray();
        for (var r = 0; r < rows; r++)
        {
            var row = xs.AsSpan(r * c, c).ToArray();
            var mean = row.Average();
            var rstd = 1 / Math.Sqrt(row.Select(v => (v - mean) * (v - mean)).Average() + 1e-5);
            for (var j = 0; j < c; j++)
            {
                var expected = ((row[j] - mean) * rstd * ws[j]) + bs[j];
                Assert.That(y[(r * c) + j], Is.EqualTo(expected).Within(Tol.Float32Rel * Math.Max(1, Math.Abs(expected))));
            }
        }
    }

    [Test]
    public void RmsNormFloat32MatchesADoubleReference()
    {
        const int rows = 5, c = 19;
        var (x, w, _) = RandomInputs(10, rows, c);
        var y = Op.RmsNorm(null, x.To(DType.Float32), w.To(DType.Float32), 1e-6).ToFloatArray();
        var xs = x.ToDoubleArray();
        var ws = w.ToDoubleArray();
        for (var r = 0; r < rows; r++)
        {
            var row = xs.AsSpan(r * c, c).ToArray();
            var rstd = 1 / Math.Sqrt(row.Select(v => v * v).Average() + 1e-6);
            for (var j = 0; j < c; j++)
            {
                var expected = row[j] * rstd * ws[j];
                Assert.That(y[(r * c) + j], Is.EqualTo(expected).Within(Tol.Float32Rel * Math.Max(1, Math.Abs(expected))));
            }
        }
    }

    [Test]
    public void LayerNormIsStableForALargeMean()
    {
        // A one-pass E[x²] - E[x]² would cancel catastrophically here; the two-pass variance does not.
        var x = Tensor.FromArray(new float[] { 10000.5f, 10001.5f, 9999.5f, 10000.5f }, 1, 4);
        var y = Op.LayerNorm(null, x, Tensor.Ones(new Shape(4), DType.Float32), Tensor.Zeros(new Shape(4), DType.Float32), 0).ToFloatArray();
        var rstd = 1 / Math.Sqrt(0.5);
        Assert.That(y, Is.EqualTo(new[] { 0, rstd, -rstd, 0 }.Select(v => (float)v).ToArray()).Within(1e-4));
    }

    [Test]
    public void WeightGradientsHaveTheSameBitsForOneAndTwoThreads()
    {
        // 5000 rows of 8: three fixed row blocks of partial sums, so the parallel path runs.
        const int rows = 5000, c = 8;
        var (x64, w64, b64) = RandomInputs(11, rows, c);
        var dy = RandomInputs(12, rows, c).X.To(DType.Float32);
        float[][] Run()
        {
            var x = x64.To(DType.Float32);
            var w = CrystalKernels.Tensors.Nn.Parameter.From("w", w64.To(DType.Float32));
            var b = CrystalKernels.Tensors.Nn.Parameter.From("b", b64.To(DType.Float32));
            x.RequiresGrad = true;
            using var tape = new Tape();
            var y = Op.Add(tape, Op.LayerNorm(tape, x, w, b), Op.RmsNorm(tape, x, w));
            tape.Backward(y, dy);
            return [w.Grad!.ToFloatArray(), b.Grad!.ToFloatArray(), x.Grad!.ToFloatArray()];
        }

        var one = GatherScatterTests.WithThreads(1, Run);
        var two = GatherScatterTests.WithThreads(2, Run);
        for (var k = 0; k < 3; k++)
        {
            Assert.That(two[k], Is.EqualTo(one[k]), $"gradient {k}");
            Assert.That(one[k].Select(Math.Abs).Sum(), Is.GreaterThan(0));
        }
    }

    [Test]
    public void BadNormInputsThrowNamingTheOp()
    {
        var x = Tensor.Zeros(new Shape(2, 4), DType.Float32);
        var w3 = Tensor.Ones(new Shape(3), DType.Float32);
        var w4 = Tensor.Ones(new Shape(4), DType.Float32);
        var e = Assert.Throws<ShapeMismatchException>(() => Op.LayerNorm(null, x, w3, w3))!;
        Assert.That(e.Message, Does.Contain("LayerNorm").And.Contain("[4]").And.Contain("[3]"));
        e = Assert.Throws<ShapeMismatchException>(() => Op.RmsNorm(null, x, w3))!;
        Assert.That(e.Message, Does.Contain("RmsNorm"));
        Assert.Throws<ShapeMismatchException>(() => Op.LayerNorm(null, x, w4, Tensor.Ones(new Shape(4), DType.Float64)));
        Assert.Throws<ShapeMismatchException>(() => Op.LayerNorm(null, x, w4, w3));
        Assert.Throws<ShapeMismatchException>(() => Op.RmsNorm(null, x, w4, -1));
    }

    [Test]
    public void NormModulesHoldNamedParametersAndNormalise()
    {
        var ln = new CrystalKernels.Tensors.Nn.LayerNorm("norm_1", 4);
        var rms = new CrystalKernels.Tensors.Nn.RmsNorm("norm_2", 4);
        Assert.That(ln.Parameters.Select(p => p.Name), Is.EqualTo(new[] { "norm_1.weight", "norm_1.bias" }));
        Assert.That(rms.Parameters.Select(p => p.Name), Is.EqualTo(new[] { "norm_2.weight" }));
        var x = Tensor.FromArray(new float[] { 1, 2, 3, 6 }, 1, 4);
        var y = ln.Forward(null, x).ToFloatArray();
        Assert.That(y.Average(), Is.EqualTo(0).Within(1e-6));
        Assert.That(y.Select(v => v * v).Average(), Is.EqualTo(1).Within(1e-4));
        var r = rms.Forward(null, x).ToFloatArray();
        Assert.That(r.Select(v => v * v).Average(), Is.EqualTo(1).Within(1e-4));
    }

    private static (Tensor X, Tensor W, Tensor B) RandomInputs(ulong seed, int rows, int c) =>
        (GradCheck.Random(seed, -2, 3, rows, c), GradCheck.Random(seed + 100, 0.5, 1.5, c), GradCheck.Random(seed + 200, -1, 1, c));
}
