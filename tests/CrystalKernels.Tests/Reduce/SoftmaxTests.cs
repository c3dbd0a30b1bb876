using CrystalKernels.Tensors;
using CrystalKernels.Tensors.Ops;
using CrystalKernels.Tests.Support;

namespace CrystalKernels.Tests.Reduce;

public class SoftmaxTests
{
    [Test]
    public void RowsSumToOne()
    {
        var y = Op.Softmax(null, GradCheck.Random(31, -5, 5, 4, 7)).ToDoubleArray();
        for (var r = 0; r < 4; r++)
        {
            Assert.That(y.Skip(r * 7).Take(7).Sum(), Is.EqualTo(1.0).Within(1e-15), $"row {r}");
        }
    }

    [Test]
    public void HandValues()
    {
        // exp(ln 2) = 2: softmax([0, ln 2]) = [1/3, 2/3].
        var y = Op.Softmax(null, Tensor.FromArray(new double[] { 0, Math.Log(2) }, 1, 2)).ToDoubleArray();
        Assert.That(y[0], Is.EqualTo(1.0 / 3).Within(1e-15));
        Assert.That(y[1], Is.EqualTo(2.0 / 3).Within(1e-15));
        var ly = Op.LogSoftmax(null, Tensor.FromArray(new double[] { 0, Math.Log(2) }, 1, 2)).ToDoubleArray();
        Assert.That(ly[0], Is.EqualTo(-Math.Log(3)).Within(1e-15));
        Assert.That(ly[1], Is.EqualTo(Math.Log(2.0 / 3)).Within(1e-15));
    }

    [Test]
    public void LargeLogitsDoNotOverflow()
    {
        var x = Tensor.FromArray(new float[] { 1000, 1000, 0, 2000, -2000, 2000 }, 2, 3);
        Assert.That(Op.Softmax(null, x).ToFloatArray(), Is.EqualTo(new float[] { 0.5f, 0.5f, 0, 0.5f, 0, 0.5f }));
        var ly = Op.LogSoftmax(null, x).ToFloatArray();
        Assert.That(ly[0], Is.EqualTo(-MathF.Log(2)).Within(1e-6));
        Assert.That(ly[2], Is.EqualTo(-1000 - MathF.Log(2)).Within(1e-3));
        Assert.That(ly.All(float.IsFinite), Is.True);
    }

    [Test]
    public void LogSoftmaxIsTheLogOfSoftmax()
    {
        var x = GradCheck.Random(32, -4, 4, 3, 6);
        var s = Op.Softmax(null, x).ToDoubleArray();
        var l = Op.LogSoftmax(null, x).ToDoubleArray();
        for (var i = 0; i < s.Length; i++)
        {
            Assert.That(l[i], Is.EqualTo(Math.Log(s[i])).Within(1e-14));
        }
    }

    [Test]
    public void ErrorsNameTheOp()
    {
        var e = Assert.Throws<ShapeMismatchException>(() => Op.LogSoftmax(null, Tensor.Zeros(new Shape(3, 0), DType.Float32)))!;
        Assert.That(e.Message, Does.Contain("LogSoftmax").And.Contain("[3, 0]"));
        e = Assert.Throws<ShapeMismatchException>(() => Op.Softmax(null, Tensor.Scalar(1)))!;
        Assert.That(e.Message, Does.Contain("Softmax"));
    }

    [Test]
    public void Float32AgreesWithFloat64()
    {
        var x = GradCheck.Random(33, -6, 6, 5, 9);
        Float32Agreement.Assert("Softmax", (t, xs) => Op.Softmax(t, xs[0]), x);
        Float32Agreement.Assert("LogSoftmax", (t, xs) => Op.LogSoftmax(t, xs[0]), x);
    }
}
