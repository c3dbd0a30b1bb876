using CrystalKernels.Tensors;
using CrystalKernels.Tensors.Autograd;
using CrystalKernels.Tensors.Nn;
using CrystalKernels.Tensors.Ops;
using CrystalKernels.Tests.Reduce;
using CrystalKernels.Tests.Support;

namespace CrystalKernels.Tests.Loss;

public class LossTests
{
    private static Tensor Targets(params int[] t) => Tensor.FromArray(t, t.Length);

    [Test]
    [Category(Categories.GradCheck)]
    public void NllAndCrossEntropy([Values("Nll", "CrossEntropy")] string op, [Values(false, true)] bool ignore)
    {
        var x = GradCheck.Random(71, -2, 2, 4, 5);
        var t = Targets(3, 0, 4, 1);
        int? ig = ignore ? 0 : null;
        GradCheck.Assert($"{op}(ignoreIndex {ig})", (tape, xs) => op == "Nll"
            ? Op.Nll(tape, xs[0], t, ig)
            : Op.CrossEntropy(tape, xs[0], t, ig), x);
    }

    [Test]
    [Category(Categories.GradCheck)]
    public void MseAndL1BothInputs([Values("Mse", "L1")] string op)
    {
        var p = GradCheck.Random(72, -1, 1, 3, 4);
        var q = GradCheck.Random(73, -1, 1, 3, 4);
        // L1 has a kink at pred = target: the differences must be far from 0 compared with h, and of both signs.
        var d = p.ToDoubleArray().Zip(q.ToDoubleArray(), (x, y) => x - y).ToArray();
        Assert.That(d.Min(Math.Abs), Is.GreaterThan(1e-3));
        Assert.That(d.Any(v => v > 0) && d.Any(v => v < 0), Is.True);
        GradCheck.Assert(op, (tape, xs) => op == "Mse" ? Op.Mse(tape, xs[0], xs[1]) : Op.L1(tape, xs[0], xs[1]), p, q);
    }

    [Test]
    [Category(Categories.GradCheck)]
    public void CrossEntropyEqualsNllOfLogSoftmaxComposite()
    {
        // The composite twin is the second oracle for the fused op: values and gradients both.
        var x = GradCheck.Random(75, -3, 3, 6, 4);
        var t = Targets(0, 1, 2, 3, 2, 1);
        GradCheck.Assert("Nll(LogSoftmax)", (tape, xs) => Op.Nll(tape, Op.LogSoftmax(tape, xs[0]), t), x);
        var fused = Gradient(x, (tape, p) => Op.CrossEntropy(tape, p, t));
        var composite = Gradient(x, (tape, p) => Op.Nll(tape, Op.LogSoftmax(tape, p), t));
        Assert.That(fused.Loss, Is.EqualTo(composite.Loss).Within(1e-14));
        Assert.That(fused.Grad, Is.EqualTo(composite.Grad).Within(1e-15));
    }

    [Test]
    public void CrossEntropyOfUniformLogitsIsLogC()
    {
        var x = Tensor.Full(new Shape(3, 7), 0.25, DType.Float32);
        Assert.That(Op.CrossEntropy(null, x, Targets(0, 6, 3)).Item(), Is.EqualTo(Math.Log(7)).Within(1e-6));
    }

    [Test]
    public void CrossEntropyOfLargeLogitsStaysFinite()
    {
        var x = Tensor.FromArray(new float[] { 1000, 0, -1000, 500 }, 2, 2);
        // Row 0: lse = 1000, target 1 -> 1000; row 1: lse = 500, target 1 -> 0.
        Assert.That(Op.CrossEntropy(null, x, Targets(1, 1)).Item(), Is.EqualTo(500.0).Within(1e-3));
    }

    [Test]
    public void NllHandValuesAndIgnoreIndex()
    {
        var lp = Tensor.FromArray(new double[] { -0.1, -2, -3, -0.5 }, 2, 2);
        Assert.That(Op.Nll(null, lp, Targets(0, 1)).Item(), Is.EqualTo((0.1 + 0.5) / 2).Within(1e-15));
        Assert.That(Op.Nll(null, lp, Targets(1, 1)).Item(), Is.EqualTo((2 + 0.5) / 2).Within(1e-15));
        // The ignored row drops out of the sum and of the mean's denominator.
        Assert.That(Op.Nll(null, lp, Targets(-100, 1), ignoreIndex: -100).Item(), Is.EqualTo(0.5).Within(1e-15));
        Assert.That(Op.Nll(null, lp, Targets(-100, -100), ignoreIndex: -100).Item(), Is.NaN);

        var p = Parameter.From("lp", lp);
        using var tape = new Tape();
        tape.Backward(Op.Nll(tape, p, Targets(1, -100), ignoreIndex: -100));
        Assert.That(p.Grad!.ToDoubleArray(), Is.EqualTo(new double[] { 0, -1, 0, 0 }));
    }

    [Test]
    public void MseAndL1HandValues()
    {
        var p = Tensor.FromArray(new double[] { 1, 2, 3, 4 }, 2, 2);
        var t = Tensor.FromArray(new double[] { 1, 0, 5, 3 }, 2, 2);
        Assert.That(Op.Mse(null, p, t).Item(), Is.EqualTo((0 + 4 + 4 + 1) / 4.0));
        Assert.That(Op.L1(null, p, t).Item(), Is.EqualTo((0 + 2 + 2 + 1) / 4.0));
    }

    [Test]
    public void L1GradientIsZeroAtATie()
    {
        var p = Parameter.From("p", Tensor.FromArray(new double[] { 1, 2, 3, 4 }, 4));
        var t = Tensor.FromArray(new double[] { 1, 0, 5, 4 }, 4);
        using var tape = new Tape();
        tape.Backward(Op.L1(tape, p, t));
        Assert.That(p.Grad!.ToDoubleArray(), Is.EqualTo(new double[] { 0, 0.25, -0.25, 0 }));
    }

    [Test]
    public void TargetOutOfRangeNamesTheRow([Values("Nll", "CrossEntropy")] string op)
    {
        var x = Tensor.Zeros(new Shape(3, 4), DType.Float32);
        var t = Targets(0, 2, 4);
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => _ = op == "Nll" ? Op.Nll(null, x, t) : Op.CrossEntropy(null, x, t))!;
        Assert.That(e.Message, Does.Contain(op).And.Contain("row 2").And.Contain("target 4"));
        e = Assert.Throws<ArgumentOutOfRangeException>(() => _ = op == "Nll" ? Op.Nll(null, x, Targets(-1, 0, 0)) : Op.CrossEntropy(null, x, Targets(-1, 0, 0)))!;
        Assert.That(e.Message, Does.Contain("row 0").And.Contain("target -1"));
    }

    [Test]
    public void ShapeErrorsNameTheOp()
    {
        var x = Tensor.Zeros(new Shape(3, 4), DType.Float32);
        var e = Assert.Throws<ShapeMismatchException>(() => Op.CrossEntropy(null, x, Targets(0, 1)))!;
        Assert.That(e.Message, Does.Contain("CrossEntropy").And.Contain("[3]").And.Contain("[2]"));
        e = Assert.Throws<ShapeMismatchException>(() => Op.Nll(null, x, Tensor.Zeros(new Shape(3), DType.Float32)))!;
        Assert.That(e.Message, Does.Contain("Nll").And.Contain("int32"));
        e = Assert.Throws<ShapeMismatchException>(() => Op.Mse(null, x, Tensor.Zeros(new Shape(4, 3), DType.Float32)))!;
        Assert.That(e.Message, Does.Contain("Mse").And.Contain("[3, 4]").And.Contain("[4, 3]"));
        e = Assert.Throws<ShapeMismatchException>(() => Op.L1(null, x, Tensor.Zeros(new Shape(3, 4), DType.Float64)))!;
        Assert.That(e.Message, Does.Contain("L1"));
    }

    [Test]
    public void Float32AgreesWithFloat64()
    {
        var x = GradCheck.Random(76, -4, 4, 8, 6);
        var t = Targets(0, 5, 2, 3, 1, 4, 4, 0);
        Float32Agreement.Assert("CrossEntropy", (tape, xs) => Op.CrossEntropy(tape, xs[0], t), x);
        Float32Agreement.Assert("Nll", (tape, xs) => Op.Nll(tape, xs[0], t, ignoreIndex: 4), x);
        var y = GradCheck.Random(77, -4, 4, 8, 6);
        Float32Agreement.Assert("Mse", (tape, xs) => Op.Mse(tape, xs[0], xs[1]), x, y);
        Float32Agreement.Assert("L1", (tape, xs) => Op.L1(tape, xs[0], xs[1]), x, y);
    }

    private static (double Loss, double[] Grad) Gradient(Tensor x, Func<Tape, Tensor, Tensor> loss)
    {
        var p = Parameter.From("x", x);
        using var tape = new Tape();
        var l = loss(tape, p);
        tape.Backward(l);
        return (l.Item(), p.Grad!.ToDoubleArray());
    }
}
