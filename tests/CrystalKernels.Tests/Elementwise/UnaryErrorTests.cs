using CrystalKernels.Tensors;
using CrystalKernels.Tensors.Ops;

namespace CrystalKernels.Tests.Elementwise;

public class UnaryErrorTests
{
    [Test]
    public void LogOfAnIndexTensorThrowsNamingTheOpAndDtype()
    {
        var idx = Tensor.FromArray(new[] { 1, 2, 3 }, 3);
        var e = Assert.Throws<ShapeMismatchException>(() => Op.Log(null, idx))!;
        Assert.That(e.Message, Does.Contain("Log").And.Contain("int32").And.Contain("[3]"));
    }

    [Test]
    public void EveryUnaryOpRejectsInt32([ValueSource(typeof(UnaryCase), nameof(UnaryCase.Names))] string name)
    {
        var c = UnaryCase.Get(name);
        var idx = Tensor.FromArray(new[] { 1, 2 }, 2);
        var e = Assert.Throws<ShapeMismatchException>(() => c.Apply(null, idx))!;
        Assert.That(e.Op, Is.EqualTo(c.KernelOp.ToString()));
    }

    [Test]
    public void BinaryOpOfInt32TensorsThrowsNamingTheOp()
    {
        var a = Tensor.FromArray(new[] { 1, 2 }, 2);
        var e = Assert.Throws<ShapeMismatchException>(() => Op.Add(null, a, a))!;
        Assert.That(e.Message, Does.Contain("Add").And.Contain("int32"));
    }

    [TestCase(1.0, 0.0)]
    [TestCase(double.NaN, 1.0)]
    [TestCase(0.0, double.NaN)]
    public void ClampWithInvalidBoundsThrows(double min, double max)
    {
        var x = Tensor.Zeros(new Shape(2), DType.Float32);
        var e = Assert.Throws<ArgumentException>(() => Op.Clamp(null, x, min, max))!;
        Assert.That(e.Message, Does.Contain("Clamp").And.Contain("min"));
    }

    [Test]
    public void NaNScalarParameterThrowsNamingTheOp()
    {
        var x = Tensor.Zeros(new Shape(2), DType.Float64);
        Assert.That(Assert.Throws<ArgumentException>(() => Op.Pow(null, x, double.NaN))!.Message, Does.Contain("Pow"));
        Assert.That(Assert.Throws<ArgumentException>(() => Op.Scale(null, x, double.NaN))!.Message, Does.Contain("Scale"));
        Assert.That(Assert.Throws<ArgumentException>(() => Op.LeakyRelu(null, x, double.NaN))!.Message, Does.Contain("LeakyRelu"));
    }
}
