using CrystalKernels.Tensors;
using CrystalKernels.Tensors.Autograd;
using CrystalKernels.Tensors.Ops;
using CrystalKernels.Tests.Support;

namespace CrystalKernels.Tests.Layout;

public class LayoutOpTests
{
    [Test]
    [Category(Categories.GradCheck)]
    public void ConcatGradCheckOnEveryAxis([Values(0, 1, 2, -1)] int axis)
    {
        int[] Shape(int n) => axis switch { 0 => [n, 3, 2], 1 => [2, n, 2], _ => [2, 3, n] };
        var a = GradCheck.Random(1, -1, 1, Shape(1));
        var b = GradCheck.Random(2, -1, 1, Shape(3));
        var c = GradCheck.Random(3, -1, 1, Shape(2));
        GradCheck.Assert("Concat", (t, x) => Op.Concat(t, axis, x[0], x[1], x[2]), a, b, c);
    }

    [Test]
    public void ConcatPlacesEachInputInItsSlab()
    {
        var a = Tensor.FromArray(new float[] { 1, 2, 3, 4 }, 2, 2);
        var b = Tensor.FromArray(new float[] { 5, 6 }, 2, 1);
        Assert.That(Op.Concat(null, 1, a, b).ToFloatArray(), Is.EqualTo(new float[] { 1, 2, 5, 3, 4, 6 }));
        Assert.That(Op.Concat(null, 0, a, a).Shape, Is.EqualTo(new Shape(4, 2)));
    }

    [Test]
    public void ConcatOfInt32IndicesWorksWithoutGrad()
    {
        var a = Tensor.FromArray(new[] { 0, 1 }, 2);
        var b = Tensor.FromArray(new[] { 7 }, 1);
        Assert.That(Op.Concat(null, 0, a, b).Span<int>().ToArray(), Is.EqualTo(new[] { 0, 1, 7 }));
    }

    [Test]
    public void ConcatOnlyAccumulatesIntoInputsThatRequireGrad()
    {
        var a = GradCheck.Random(1, -1, 1, 2, 2);
        var frozen = Tensor.Ones(new Shape(1, 2), DType.Float64);
        using var tape = new Tape();
        var y = Op.Concat(tape, 0, frozen, a);
        tape.Backward(y, Tensor.Full(y.Shape, 2.0, DType.Float64));
        Assert.That(a.Grad!.ToDoubleArray(), Is.EqualTo(new double[] { 2, 2, 2, 2 }));
        Assert.That(frozen.Grad, Is.Null);
    }

    [Test]
    public void ConcatRejectsMismatchedShapesNamingTheOp()
    {
        var a = Tensor.Zeros(new Shape(2, 3), DType.Float32);
        var b = Tensor.Zeros(new Shape(3, 2), DType.Float32);
        var e = Assert.Throws<ShapeMismatchException>(() => Op.Concat(null, 0, a, b))!;
        Assert.That(e.Message, Does.Contain("Concat").And.Contain("[2, 3]").And.Contain("[3, 2]"));
        Assert.Throws<ShapeMismatchException>(() => Op.Concat(null, 0));
        Assert.That(Assert.Throws<ShapeMismatchException>(() => Op.Concat(null, 2, a, a))!.Message, Does.Contain("axis 2"));
    }

    [Test]
    [Category(Categories.GradCheck)]
    public void SliceGradCheck([Values(0, 1, 2)] int axis)
    {
        var x = GradCheck.Random(4, -1, 1, 3, 4, 5);
        GradCheck.Assert("Slice", (t, xs) => Op.Slice(t, xs[0], axis, 1, 2), x);
    }

    [Test]
    public void SliceCopiesTheRange()
    {
        var x = Tensor.FromArray(new float[] { 0, 1, 2, 3, 4, 5, 6, 7 }, 2, 4);
        var y = Op.Slice(null, x, 1, 1, 2);
        Assert.That(y.Shape, Is.EqualTo(new Shape(2, 2)));
        Assert.That(y.ToFloatArray(), Is.EqualTo(new float[] { 1, 2, 5, 6 }));
        Assert.That(Op.Slice(null, x, 0, 2, 0).Numel, Is.Zero);
    }

    [Test]
    public void SliceOutOfRangeThrowsNamingTheOp()
    {
        var x = Tensor.Zeros(new Shape(2, 4), DType.Float32);
        var e = Assert.Throws<ShapeMismatchException>(() => Op.Slice(null, x, 1, 3, 2))!;
        Assert.That(e.Message, Does.Contain("Slice").And.Contain("start 3"));
        Assert.Throws<ShapeMismatchException>(() => Op.Slice(null, x, 0, -1, 1));
    }

    [Test]
    public void ReshapeIsAViewThatSharesStorage()
    {
        var x = Tensor.FromArray(new float[] { 1, 2, 3, 4, 5, 6 }, 2, 3);
        var y = Op.Reshape(null, x, 3, -1);
        Assert.That(y.Shape, Is.EqualTo(new Shape(3, 2)));
        Assert.That(ReferenceEquals(y.Storage, x.Storage), Is.True);
        x.Span<float>()[0] = 42;
        Assert.That(y.ToFloatArray()[0], Is.EqualTo(42f));
    }

    [Test]
    [Category(Categories.GradCheck)]
    public void ReshapeGradCheck()
    {
        var x = GradCheck.Random(5, -1, 1, 2, 6);
        // Multiply after the reshape so the gradient reaching x is not just the seed.
        var w = GradCheck.Random(6, 0.5, 2, 3, 4);
        GradCheck.Assert("Reshape", (t, xs) => Op.Mul(t, Op.Reshape(t, xs[0], 3, 4), xs[1]), x, w);
    }

    [Test]
    public void ReshapeRejectsWrongNumel()
    {
        var x = Tensor.Zeros(new Shape(2, 3), DType.Float32);
        var e = Assert.Throws<ShapeMismatchException>(() => Op.Reshape(null, x, 4, 2))!;
        Assert.That(e.Message, Does.Contain("Reshape").And.Contain("[4, 2]"));
        Assert.Throws<ShapeMismatchException>(() => Op.Reshape(null, x, -1, -1));
        Assert.Throws<ShapeMismatchException>(() => Op.Reshape(null, x, 4, -1));
    }

    [Test]
    public void TransposeSwapsRowsAndColumns()
    {
        var x = Tensor.FromArray(new float[] { 1, 2, 3, 4, 5, 6 }, 2, 3);
        var y = Op.Transpose(null, x);
        Assert.That(y.Shape, Is.EqualTo(new Shape(3, 2)));
        Assert.That(y.ToFloatArray(), Is.EqualTo(new float[] { 1, 4, 2, 5, 3, 6 }));
        Assert.That(Assert.Throws<ShapeMismatchException>(() => Op.Transpose(null, Tensor.Zeros(new Shape(2, 2, 2), DType.Float32)))!.Message,
            Does.Contain("Transpose"));
    }

    [Test]
    [Category(Categories.GradCheck)]
    public void TransposeGradCheck()
    {
        var x = GradCheck.Random(7, -1, 1, 3, 5);
        GradCheck.Assert("Transpose", (t, xs) => Op.Transpose(t, xs[0]), x);
    }

    private static readonly int[][] Perms3 = [[0, 1, 2], [0, 2, 1], [1, 0, 2], [1, 2, 0], [2, 0, 1], [2, 1, 0]];

    [Test]
    [Category(Categories.GradCheck)]
    public void PermuteGradCheckEveryPermutationOfThreeAxes([Values(0, 1, 2, 3, 4, 5)] int p)
    {
        var x = GradCheck.Random(8, -1, 1, 2, 3, 4);
        GradCheck.Assert("Permute", (t, xs) => Op.Permute(t, xs[0], Perms3[p]), x);
    }

    [Test]
    public void PermuteMatchesIndexArithmeticOnALargeFourDimensionalTensor()
    {
        // Large enough for several parallel chunks.
        int[] dims = [5, 7, 30, 40];
        int[] axes = [2, 0, 3, 1];
        var n = dims.Aggregate(1, (a, b) => a * b);
        var x = Tensor.FromArray(Enumerable.Range(0, n).Select(i => (float)i).ToArray(), dims);
        var y = Op.Permute(null, x, axes);
        Assert.That(y.Shape, Is.EqualTo(new Shape(30, 5, 40, 7)));
        var ys = y.ToFloatArray();
        var ok = true;
        for (var i0 = 0; i0 < 30 && ok; i0++)
        {
            for (var i1 = 0; i1 < 5; i1++)
            {
                for (var i2 = 0; i2 < 40; i2++)
                {
                    for (var i3 = 0; i3 < 7; i3++)
                    {
                        // y[i0, i1, i2, i3] = x[i1, i3, i0, i2]
                        var xi = (((i1 * 7) + i3) * 30 + i0) * 40 + i2;
                        var yi = (((i0 * 5) + i1) * 40 + i2) * 7 + i3;
                        ok &= ys[yi] == xi;
                    }
                }
            }
        }

        Assert.That(ok, Is.True);
    }

    [Test]
    public void PermuteRejectsANonPermutation()
    {
        var x = Tensor.Zeros(new Shape(2, 3, 4), DType.Float32);
        var e = Assert.Throws<ShapeMismatchException>(() => Op.Permute(null, x, 0, 0, 1))!;
        Assert.That(e.Message, Does.Contain("Permute").And.Contain("[0, 0, 1]"));
        Assert.Throws<ShapeMismatchException>(() => Op.Permute(null, x, 0, 1));
        Assert.Throws<ShapeMismatchException>(() => Op.Permute(null, x, 0, 1, 3));
    }
}
