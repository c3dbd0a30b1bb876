using CrystalKernels.Tensors;
using CrystalKernels.Tensors.Autograd;
using CrystalKernels.Tensors.Backends.Cpu;
using CrystalKernels.Tensors.Nn;
using CrystalKernels.Tensors.Ops;
using CrystalKernels.Tests.Support;

namespace CrystalKernels.Tests.Reduce;

public class ReduceForwardTests
{
    private static Tensor M23() => Tensor.FromArray(new double[] { 1, 2, 3, 4, 5, 6 }, 2, 3);

    [Test]
    public void SumAndMeanOverEachAxis()
    {
        Assert.That(Op.Sum(null, M23(), 0).ToDoubleArray(), Is.EqualTo(new double[] { 5, 7, 9 }));
        Assert.That(Op.Sum(null, M23(), 1).ToDoubleArray(), Is.EqualTo(new double[] { 6, 15 }));
        Assert.That(Op.Mean(null, M23(), -1).ToDoubleArray(), Is.EqualTo(new double[] { 2, 5 }));
        Assert.That(Op.Mean(null, M23(), 0).ToDoubleArray(), Is.EqualTo(new double[] { 2.5, 3.5, 4.5 }));
    }

    [Test]
    public void KeepDimKeepsTheAxisWithSizeOne()
    {
        Assert.That(Op.Sum(null, M23(), 0, keepDim: true).Shape, Is.EqualTo(new Shape(1, 3)));
        Assert.That(Op.Max(null, M23(), 1, keepDim: true).Shape, Is.EqualTo(new Shape(2, 1)));
        Assert.That(Op.Mean(null, M23(), 1).Shape, Is.EqualTo(new Shape(2)));
    }

    [Test]
    public void SumAllAndMeanAllAreScalars()
    {
        var s = Op.SumAll(null, M23());
        Assert.That(s.Shape, Is.EqualTo(new Shape()));
        Assert.That(s.Item(), Is.EqualTo(21.0));
        Assert.That(Op.MeanAll(null, M23()).Item(), Is.EqualTo(3.5));
    }

    [Test]
    public void MaxOverTheMiddleAxisOfARank3Tensor()
    {
        // x[o, a, i] = values below; max over a.
        var x = Tensor.FromArray(new double[] { 1, 9, 4, 2, 3, 8, /**/ -1, -5, -2, -7, -3, -4 }, 2, 3, 2);
        Assert.That(Op.Max(null, x, 1).ToDoubleArray(), Is.EqualTo(new double[] { 4, 9, -1, -4 }));
    }

    [Test]
    public void MaxBackwardRoutesTiesToTheFirstArgMax()
    {
        var x = Parameter.From("x", Tensor.FromArray(new double[] { 1, 3, 3, 7, 7, 2 }, 2, 3));
        using var tape = new Tape();
        tape.Backward(Op.SumAll(tape, Op.Max(tape, x, 1)));
        Assert.That(x.Grad!.ToDoubleArray(), Is.EqualTo(new double[] { 0, 1, 0, 1, 0, 0 }));
    }

    [Test]
    public void MaxPropagatesNaN()
    {
        var x = Tensor.FromArray(new double[] { 1, double.NaN, 3 }, 1, 3);
        Assert.That(Op.Max(null, x, 1).Item(), Is.NaN);
    }

    [Test]
    public void LargeReductionsMatchAPlainLoopAndIgnoreTheThreadCount()
    {
        // [3, 5000, 7]: the output chunks (3 outputs of 5000 inputs each) straddle the o boundaries; SumAll of
        // 105,000 values takes the parallel fixed-chunk path.
        var x = GradCheck.Random(21, -1, 1, 3, 5000, 7).To(DType.Float32);
        var xs = x.ToDoubleArray();
        var expect = new double[21];
        var expectMax = Enumerable.Repeat(double.NegativeInfinity, 21).ToArray();
        for (var o = 0; o < 3; o++)
        {
            for (var a = 0; a < 5000; a++)
            {
                for (var i = 0; i < 7; i++)
                {
                    var v = xs[(o * 5000 + a) * 7 + i];
                    expect[o * 7 + i] += v;
                    expectMax[o * 7 + i] = Math.Max(expectMax[o * 7 + i], v);
                }
            }
        }

        var sum = Op.Sum(null, x, 1).ToDoubleArray();
        for (var j = 0; j < 21; j++)
        {
            Assert.That(sum[j], Is.EqualTo(expect[j]).Within(Tol.Float32Rel * 5000), $"sum element {j}");
        }

        Assert.That(Op.Max(null, x, 1).ToDoubleArray(), Is.EqualTo(expectMax));
        Assert.That(Op.SumAll(null, x).Item(), Is.EqualTo(xs.Sum()).Within(Tol.Float32Rel * xs.Length));

        var before = CpuParallel.Threads;
        try
        {
            CpuParallel.Threads = 1;
            var all1 = Op.SumAll(null, x).Item();
            var axis1 = Op.Sum(null, x, 1).ToFloatArray();
            CpuParallel.Threads = 4;
            Assert.That(Op.SumAll(null, x).Item(), Is.EqualTo(all1), "SumAll must be bitwise equal for 1 and 4 threads");
            Assert.That(Op.Sum(null, x, 1).ToFloatArray(), Is.EqualTo(axis1), "Sum must be bitwise equal for 1 and 4 threads");
        }
        finally
        {
            CpuParallel.Threads = before;
        }
    }

    [Test]
    public void ErrorsNameTheOp()
    {
        var e = Assert.Throws<ShapeMismatchException>(() => Op.Sum(null, M23(), 2))!;
        Assert.That(e.Message, Does.Contain("Sum").And.Contain("axis 2").And.Contain("[2, 3]"));
        e = Assert.Throws<ShapeMismatchException>(() => Op.Max(null, Tensor.Zeros(new Shape(2, 0), DType.Float32), 1))!;
        Assert.That(e.Message, Does.Contain("Max").And.Contain("empty"));
        e = Assert.Throws<ShapeMismatchException>(() => Op.MeanAll(null, Tensor.FromArray(new[] { 1, 2 }, 2)))!;
        Assert.That(e.Message, Does.Contain("MeanAll").And.Contain("int32"));
    }

    [Test]
    public void Float32AgreesWithFloat64()
    {
        var x = GradCheck.Random(22, -2, 2, 4, 6, 5);
        Float32Agreement.Assert("Sum", (t, xs) => Op.Sum(t, xs[0], 1), x);
        Float32Agreement.Assert("Mean", (t, xs) => Op.Mean(t, xs[0], 2, keepDim: true), x);
        Float32Agreement.Assert("Max", (t, xs) => Op.Max(t, xs[0], 0), x);
        Float32Agreement.Assert("MeanAll", (t, xs) => Op.MeanAll(t, xs[0]), x);
    }
}
