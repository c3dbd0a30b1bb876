using CrystalKernels.Tensors;
using CrystalKernels.Tensors.Autograd;
using CrystalKernels.Tensors.Ops;
using CrystalKernels.Tensors.Random;
using CrystalKernels.Tests.Support;

namespace CrystalKernels.Tests.Graph;

public class SegmentOpTests
{
    // Five segments over 7 rows, two of them empty (1 and 3).
    private static readonly int[] RowPtr = [0, 2, 2, 5, 5, 7];

    private static Tensor RowPtrTensor(int[] rp) => Tensor.FromArray(rp, rp.Length);

    /// <summary>The segment of each row: the index a ScatterAdd/IndexSelect twin of a CSR op uses.</summary>
    private static Tensor SegmentIndex(int[] rp)
    {
        var ix = new int[rp[^1]];
        for (var i = 0; i + 1 < rp.Length; i++)
        {
            for (var e = rp[i]; e < rp[i + 1]; e++)
            {
                ix[e] = i;
            }
        }

        return Tensor.FromArray(ix, ix.Length);
    }

    [Test]
    [Category(Categories.GradCheck)]
    public void SegmentSumGradCheckWithEmptySegments()
    {
        var src = GradCheck.Random(1, -1, 1, 7, 3);
        var rp = RowPtrTensor(RowPtr);
        GradCheck.Assert("SegmentSum", (t, xs) => Op.SegmentSum(t, xs[0], rp), src);
    }

    [Test]
    public void SegmentSumEqualsScatterAddBitwise()
    {
        int[] rp = [0, 3, 3, 3, 1000, 1001, 4000];
        var rng = RngStream.Create(2, "test");
        var src = Tensor.FromArray(Enumerable.Range(0, 4000 * 5).Select(i => rng.Uniform((ulong)i) - 0.5f).ToArray(), 4000, 5);
        var seg = Op.SegmentSum(null, src, RowPtrTensor(rp));
        var scat = Op.ScatterAdd(null, src, SegmentIndex(rp), rp.Length - 1);
        Assert.That(seg.ToFloatArray(), Is.EqualTo(scat.ToFloatArray()));
        Assert.That(seg.ToFloatArray().Take(5).Select(Math.Abs).Sum(), Is.GreaterThan(0));
        Assert.That(seg.ToFloatArray().Skip(5).Take(10), Is.All.EqualTo(0f));
    }

    [Test]
    [Category(Categories.GradCheck)]
    public void SegmentSoftmaxGradCheckPerColumnWithEmptySegments()
    {
        var x = GradCheck.Random(3, -2, 2, 7, 2);
        var rp = RowPtrTensor(RowPtr);
        GradCheck.Assert("SegmentSoftmax", (t, xs) => Op.SegmentSoftmax(t, xs[0], rp), x);
    }

    [Test]
    [Category(Categories.GradCheck)]
    public void SegmentSoftmaxGradCheckWithTrailingDims()
    {
        var x = GradCheck.Random(4, -2, 2, 5, 2, 2);
        var rp = RowPtrTensor([0, 1, 5]);
        GradCheck.Assert("SegmentSoftmax", (t, xs) => Op.SegmentSoftmax(t, xs[0], rp), x);
    }

    [Test]
    public void SegmentSoftmaxMatchesItsScatterGatherComposite()
    {
        // softmax = exp(x - m[seg]) / sum[seg] with the sums taken by ScatterAdd and broadcast back by IndexSelect.
        var x = GradCheck.Random(5, -3, 3, 7, 4);
        var seg = SegmentIndex(RowPtr);
        var xs = x.ToDoubleArray();
        var max = Enumerable.Repeat(double.NegativeInfinity, 5 * 4).ToArray();
        var ix = seg.Span<int>().ToArray();
        for (var e = 0; e < 7; e++)
        {
            for (var h = 0; h < 4; h++)
            {
                max[(ix[e] * 4) + h] = Math.Max(max[(ix[e] * 4) + h], xs[(e * 4) + h]);
            }
        }

        var maxPerEdge = Op.IndexSelect(null, Tensor.FromArray(max.Select(v => double.IsFinite(v) ? v : 0).ToArray(), 5, 4), seg);
        var ex = Op.Sub(null, x, maxPerEdge).ToDoubleArray().Select(Math.Exp).ToArray();
        var sums = Op.ScatterAdd(null, Tensor.FromArray(ex, 7, 4), seg, 5);
        var expected = Op.Div(null, Tensor.FromArray(ex, 7, 4), Op.IndexSelect(null, sums, seg)).ToDoubleArray();
        var y = Op.SegmentSoftmax(null, x, RowPtrTensor(RowPtr)).ToDoubleArray();
        Assert.That(y, Is.EqualTo(expected).Within(1e-15));
    }

    [Test]
    public void SegmentSoftmaxIsStableForLargeLogitsAndSumsToOne()
    {
        var x = Tensor.FromArray(new float[] { 1000, -1000, 1001, -999, 5, 0 }, 3, 2);
        var y = Op.SegmentSoftmax(null, x, RowPtrTensor([0, 2, 3])).ToFloatArray();
        Assert.That(y, Has.All.Matches<float>(float.IsFinite));
        Assert.That(y[0] + y[2], Is.EqualTo(1f).Within(1e-6));
        Assert.That(y[2], Is.EqualTo(1 / (1 + Math.Exp(-1))).Within(1e-6));
        Assert.That(y[1], Is.EqualTo(1 / (1 + Math.Exp(1))).Within(1e-6));
        Assert.That(y[4], Is.EqualTo(1f));
    }

    [Test]
    public void OneRowAndZeroEdgesAreHandled()
    {
        // One segment of one row: softmax is 1, the sum is the row.
        var one = Tensor.FromArray(new float[] { 3, -4 }, 1, 2);
        Assert.That(Op.SegmentSoftmax(null, one, RowPtrTensor([0, 1])).ToFloatArray(), Is.EqualTo(new float[] { 1, 1 }));
        Assert.That(Op.SegmentSum(null, one, RowPtrTensor([0, 1])).ToFloatArray(), Is.EqualTo(new float[] { 3, -4 }));

        // E = 0 with N = 2 segments: softmax is empty, the sum is zeros, and backward runs.
        var empty = GradCheck.Random(6, -1, 1, 0, 3);
        using var tape = new Tape();
        var sm = Op.SegmentSoftmax(tape, empty, RowPtrTensor([0, 0, 0]));
        Assert.That(sm.Shape, Is.EqualTo(new Shape(0, 3)));
        var sum = Op.SegmentSum(tape, sm, RowPtrTensor([0, 0, 0]));
        Assert.That(sum.ToDoubleArray(), Is.EqualTo(new double[6]));
        tape.Backward(sum, Tensor.Ones(sum.Shape, DType.Float64));
        Assert.That(empty.Grad!.Numel, Is.Zero);
    }

    [Test]
    public void BadRowPointersThrowNamingTheOp()
    {
        var x = Tensor.Zeros(new Shape(4, 2), DType.Float32);
        var e = Assert.Throws<ShapeMismatchException>(() => Op.SegmentSum(null, x, RowPtrTensor([0, 3, 2, 4])))!;
        Assert.That(e.Message, Does.Contain("SegmentSum").And.Contain("non-decreasing").And.Contain("rowPtr[2] = 2"));
        e = Assert.Throws<ShapeMismatchException>(() => Op.SegmentSoftmax(null, x, RowPtrTensor([1, 2, 4])))!;
        Assert.That(e.Message, Does.Contain("SegmentSoftmax").And.Contain("rowPtr[0]"));
        e = Assert.Throws<ShapeMismatchException>(() => Op.SegmentSoftmax(null, x, RowPtrTensor([0, 2, 3])))!;
        Assert.That(e.Message, Does.Contain("row count 4"));
        e = Assert.Throws<ShapeMismatchException>(() => Op.SegmentSum(null, x, Tensor.FromArray(Array.Empty<int>(), 0)))!;
        Assert.That(e.Message, Does.Contain("SegmentSum").And.Contain("rowPtr"));
        Assert.Throws<ShapeMismatchException>(() => Op.SegmentSum(null, x, Tensor.FromArray(new float[] { 0, 4 }, 2)));
    }

    [Test]
    public void SegmentOpsGiveTheSameBitsForOneAndTwoThreads()
    {
        var rng = RngStream.Create(7, "test");
        const int n = 3000;
        var rp = new int[n + 1];
        for (var i = 0; i < n; i++)
        {
            rp[i + 1] = rp[i] + rng.Below((ulong)i, 12);
        }

        var e = rp[^1];
        var x = Tensor.FromArray(Enumerable.Range(0, e * 8).Select(i => (rng.Uniform((ulong)(n + i)) * 6) - 3).ToArray(), e, 8);
        var dy = Tensor.FromArray(Enumerable.Range(0, e * 8).Select(i => rng.Uniform((ulong)(n + (e * 8) + i)) - 0.5f).ToArray(), e, 8);
        float[][] Run()
        {
            x.RequiresGrad = true;
            x.Grad = null;
            using var tape = new Tape();
            var sm = Op.SegmentSoftmax(tape, x, RowPtrTensor(rp));
            var s = Op.SegmentSum(tape, Op.Mul(tape, sm, dy), RowPtrTensor(rp));
            tape.Backward(s, Tensor.Ones(s.Shape, DType.Float32));
            return [sm.ToFloatArray(), s.ToFloatArray(), x.Grad!.ToFloatArray()];
        }

        var one = GatherScatterTests.WithThreads(1, Run);
        var two = GatherScatterTests.WithThreads(2, Run);
        for (var k = 0; k < 3; k++)
        {
            Assert.That(two[k], Is.EqualTo(one[k]), $"output {k}");
            Assert.That(one[k].Select(Math.Abs).Sum(), Is.GreaterThan(0));
        }
    }
}
