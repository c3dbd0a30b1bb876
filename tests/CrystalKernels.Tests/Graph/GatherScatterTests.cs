using CrystalKernels.Tensors;
using CrystalKernels.Tensors.Autograd;
using CrystalKernels.Tensors.Backends.Cpu;
using CrystalKernels.Tensors.Ops;
using CrystalKernels.Tensors.Random;
using CrystalKernels.Tests.Support;

namespace CrystalKernels.Tests.Graph;

public class GatherScatterTests
{
    [Test]
    public void IndexSelectGathersRows()
    {
        var x = Tensor.FromArray(new float[] { 0, 1, 10, 11, 20, 21 }, 3, 2);
        var y = Op.IndexSelect(null, x, Tensor.FromArray(new[] { 2, 0, 2 }, 3));
        Assert.That(y.Shape, Is.EqualTo(new Shape(3, 2)));
        Assert.That(y.ToFloatArray(), Is.EqualTo(new float[] { 20, 21, 0, 1, 20, 21 }));
    }

    [Test]
    [Category(Categories.GradCheck)]
    public void IndexSelectGradCheckWithRepeatedAndUnusedRows()
    {
        var x = GradCheck.Random(1, -1, 1, 5, 2, 3);
        var index = Tensor.FromArray(new[] { 0, 2, 2, 4, 0, 0, 2 }, 7);
        GradCheck.Assert("IndexSelect", (t, xs) => Op.IndexSelect(t, xs[0], index), x);
    }

    [Test]
    [Category(Categories.GradCheck)]
    public void ScatterAddGradCheckWithUnsortedIndex()
    {
        var src = GradCheck.Random(2, -1, 1, 6, 3);
        var index = Tensor.FromArray(new[] { 3, 0, 3, 1, 0, 3 }, 6);
        GradCheck.Assert("ScatterAdd", (t, xs) => Op.ScatterAdd(t, xs[0], index, 5), src);
    }

    [Test]
    public void ScatterAddSumsIntoRowsAndZeroesUnhitRows()
    {
        var src = Tensor.FromArray(new float[] { 1, 2, 3, 4, 5, 6 }, 3, 2);
        var index = Tensor.FromArray(new[] { 2, 0, 2 }, 3);
        // Run on a tape so the output comes from the pool and may hold stale values: unhit rows must still be zero.
        using var tape = new Tape();
        Tensor.Full(new Shape(4, 2), 99, DType.Float32, tape: tape);
        tape.Arena.Reset();
        var y = Op.ScatterAdd(tape, src, index, 4);
        Assert.That(y.ToFloatArray(), Is.EqualTo(new float[] { 3, 4, 0, 0, 6, 8, 0, 0 }));
    }

    [Test]
    public void IndexSelectBackwardIsTheSequentialSumForAnyThreadCount()
    {
        // Many edges hitting few rows, float32: the sum order shows in the bits. The reference is the plain
        // sequential loop over e, which the CSR backward must reproduce exactly.
        const int n = 7, e = 40000, d = 3;
        var rng = RngStream.Create(3, "test");
        var ids = Enumerable.Range(0, e).Select(i => rng.Below((ulong)i, n)).ToArray();
        var dy = Enumerable.Range(0, e * d).Select(i => rng.Uniform((ulong)(e + i)) - 0.5f).ToArray();
        var expected = new float[n * d];
        for (var i = 0; i < e; i++)
        {
            for (var j = 0; j < d; j++)
            {
                expected[(ids[i] * d) + j] += dy[(i * d) + j];
            }
        }

        foreach (var threads in new[] { 1, 2 })
        {
            var grad = WithThreads(threads, () =>
            {
                var x = Tensor.Zeros(new Shape(n, d), DType.Float32);
                x.RequiresGrad = true;
                using var tape = new Tape();
                var y = Op.IndexSelect(tape, x, Tensor.FromArray(ids, e));
                tape.Backward(y, Tensor.FromArray(dy, e, d));
                return x.Grad!.ToFloatArray();
            });
            Assert.That(grad, Is.EqualTo(expected), $"threads = {threads}");
        }
    }

    [Test]
    public void EmptyIndexGivesEmptyGatherAndZeroScatter()
    {
        var x = GradCheck.Random(4, -1, 1, 3, 2);
        var none = Tensor.FromArray(Array.Empty<int>(), 0);
        using var tape = new Tape();
        var g = Op.IndexSelect(tape, x, none);
        Assert.That(g.Shape, Is.EqualTo(new Shape(0, 2)));
        var src = GradCheck.Random(5, -1, 1, 0, 2);
        var s = Op.ScatterAdd(tape, src, none, 3);
        Assert.That(s.ToDoubleArray(), Is.EqualTo(new double[6]));
        tape.Backward(g, Tensor.Zeros(g.Shape, DType.Float64));
        Assert.That(x.Grad!.ToDoubleArray(), Is.EqualTo(new double[6]));
    }

    [Test]
    public void OutOfRangeIndicesThrowNamingTheOpAndPosition()
    {
        var x = Tensor.Zeros(new Shape(3, 2), DType.Float32);
        var e = Assert.Throws<ShapeMismatchException>(() => Op.IndexSelect(null, x, Tensor.FromArray(new[] { 0, 3 }, 2)))!;
        Assert.That(e.Message, Does.Contain("IndexSelect").And.Contain("index[1] = 3"));
        e = Assert.Throws<ShapeMismatchException>(() => Op.IndexSelect(null, x, Tensor.FromArray(new[] { -1 }, 1)))!;
        Assert.That(e.Message, Does.Contain("index[0] = -1"));
        e = Assert.Throws<ShapeMismatchException>(() => Op.ScatterAdd(null, x, Tensor.FromArray(new[] { 0, 1, 5 }, 3), 5 - 1))!;
        Assert.That(e.Message, Does.Contain("ScatterAdd").And.Contain("index[2] = 5"));
        e = Assert.Throws<ShapeMismatchException>(() => Op.ScatterAdd(null, x, Tensor.FromArray(new[] { 0, 1 }, 2), 2))!;
        Assert.That(e.Message, Does.Contain("ScatterAdd").And.Contain("3 rows"));
        e = Assert.Throws<ShapeMismatchException>(() => Op.IndexSelect(null, x, Tensor.FromArray(new float[] { 0 }, 1)))!;
        Assert.That(e.Message, Does.Contain("int32"));
    }

    [Test]
    [Category(Categories.GradCheck)]
    public void EmbeddingGradCheckIntoWeightRows()
    {
        var w = GradCheck.Random(6, -1, 1, 4, 3);
        var ids = Tensor.FromArray(new[] { 1, 3, 1, 0 }, 4);
        GradCheck.Assert("Embedding", (t, xs) => Op.Embedding(t, xs[0], ids), w);
    }

    [Test]
    public void EmbeddingModuleLooksUpNamedWeightRows()
    {
        var emb = new CrystalKernels.Tensors.Nn.Embedding("species", 5, 3, RngStream.Create(1, "init"));
        Assert.That(emb.Weight.Name, Is.EqualTo("species.weight"));
        Assert.That(emb.Weight.IsParameter, Is.True);
        var y = emb.Forward(null, Tensor.FromArray(new[] { 4, 0 }, 2));
        var w = emb.Weight.ToFloatArray();
        Assert.That(y.ToFloatArray(), Is.EqualTo(w[12..15].Concat(w[0..3]).ToArray()));
        Assert.That(w.Select(Math.Abs).Sum(), Is.GreaterThan(0));
        var e = Assert.Throws<ShapeMismatchException>(() => emb.Forward(null, Tensor.FromArray(new[] { 5 }, 1)))!;
        Assert.That(e.Message, Does.Contain("Embedding").And.Contain("index[0] = 5"));
    }

    internal static T WithThreads<T>(int threads, Func<T> f)
    {
        var saved = CpuParallel.Threads;
        try
        {
            CpuParallel.Threads = threads;
            return f();
        }
        finally
        {
            CpuParallel.Threads = saved;
        }
    }
}
