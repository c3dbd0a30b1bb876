using CrystalKernels.Tensors;
using CrystalKernels.Tensors.Ops;
using CrystalKernels.Tests.Support;

namespace CrystalKernels.Tests.Elementwise;

public class BinaryOpTests
{
    private static readonly int[][] BShapes = [[3, 4], [1], [4], [1, 4], [3, 1]];

    [Test]
    [Category(Categories.GradCheck)]
    public void GradCheckEveryOpAndBroadcast(
        [Values("Add", "Sub", "Mul", "Div")] string op,
        [Values(0, 1, 2, 3, 4)] int bShape)
    {
        var a = GradCheck.Random(1, -1, 1, 3, 4);
        var b = GradCheck.Random(2, 0.5, 2, BShapes[bShape]);
        GradCheck.Assert(op, (t, x) => op switch
        {
            "Add" => Op.Add(t, x[0], x[1]),
            "Sub" => Op.Sub(t, x[0], x[1]),
            "Mul" => Op.Mul(t, x[0], x[1]),
            _ => Op.Div(t, x[0], x[1]),
        }, a, b);
    }

    [Test]
    public void RowBroadcastAddsTheSameRowToEveryRow()
    {
        var a = Tensor.FromArray(new float[] { 1, 2, 3, 4, 5, 6 }, 2, 3);
        var b = Tensor.FromArray(new float[] { 10, 20, 30 }, 3);
        Assert.That(Op.Add(null, a, b).ToFloatArray(), Is.EqualTo(new float[] { 11, 22, 33, 14, 25, 36 }));
    }

    [Test]
    public void ColumnBroadcastScalesEachRow()
    {
        var a = Tensor.FromArray(new float[] { 1, 2, 3, 4, 5, 6 }, 2, 3);
        var b = Tensor.FromArray(new float[] { 2, 10 }, 2, 1);
        Assert.That(Op.Mul(null, a, b).ToFloatArray(), Is.EqualTo(new float[] { 2, 4, 6, 40, 50, 60 }));
    }

    [Test]
    public void MismatchedShapesThrowNamingTheOpAndShapes()
    {
        var a = Tensor.Zeros(new Shape(2, 3), DType.Float32);
        var b = Tensor.Zeros(new Shape(2), DType.Float32);
        var e = Assert.Throws<ShapeMismatchException>(() => Op.Add(null, a, b))!;
        Assert.That(e.Message, Does.Contain("Add").And.Contain("[2]").And.Contain("[2, 3]"));
    }

    [Test]
    public void MixedDtypesThrow()
    {
        var a = Tensor.Zeros(new Shape(2), DType.Float32);
        var b = Tensor.Zeros(new Shape(2), DType.Float64);
        Assert.Throws<ShapeMismatchException>(() => Op.Mul(null, a, b));
    }
}
