using CrystalKernels.Gpu;
using CrystalKernels.Tensors;
using CrystalKernels.Tensors.Kernels;
using CrystalKernels.Tensors.Ops;
using CrystalKernels.Tensors.Random;
using static CrystalKernels.SelfCheck.Ilgpu.DeviceComparison;

namespace CrystalKernels.SelfCheck.Ilgpu;

/// <summary>The check bodies: small random shapes, none a multiple of the GEMM tile.</summary>
public sealed partial class IlgpuSuite
{
    private const DType F = DType.Float32;

    private void BinaryAllBroadcasts(BinaryOp op)
    {
        var a = Rand(1, -2, 2, F, 3, 5);
        foreach (var b in new[] { Rand(2, 0.5, 2, F, 3, 5), Rand(3, 0.5, 2, F, 1), Rand(4, 0.5, 2, F, 5), Rand(5, 0.5, 2, F, 3, 1) })
        {
            Check(Dev, $"{op} b{b.Shape}", (t, x) => Op.Binary(t, op, x[0], x[1]), IlgpuTol.Float32, a, b);
        }
    }

    private void Unary(UnaryOp op, double lo, double hi)
    {
        var (p0, p1) = op switch { UnaryOp.Pow => (1.7, 0.0), UnaryOp.LeakyRelu => (0.1, 0.0), UnaryOp.Clamp => (-0.5, 0.8), _ => (0.3, 0.0) };
        Check(Dev, op.ToString(), (t, x) => Op.Unary(t, op, x[0], p0, p1), IlgpuTol.Float32, Rand(10, lo, hi, F, 4, 7));
    }

    private void SumMeanMaxOverEachAxis()
    {
        // Max inputs on a 1/8 grid with few levels, so ties (first arg-max wins) occur.
        var x = Rand(20, -2, 2, F, 3, 4, 5);
        var ties = Op.Unary(null, UnaryOp.Scale, Op.Unary(null, UnaryOp.Scale, x, 2), 0.5);
        for (var axis = 0; axis < 3; axis++)
        {
            var a = axis;
            Check(Dev, $"Sum axis {a}", (t, v) => Op.Sum(t, v[0], a), IlgpuTol.Float32, x);
            Check(Dev, $"Mean axis {a} keepDim", (t, v) => Op.Mean(t, v[0], a, keepDim: true), IlgpuTol.Float32, x);
            Check(Dev, $"Max axis {a}", (t, v) => Op.Max(t, v[0], a), IlgpuTol.Float32, ties);
        }

        Check(Dev, "SumAll", (t, v) => Op.SumAll(t, v[0]), IlgpuTol.Float32, x);
        Check(Dev, "MeanAll of 9000 (several chunks)", (t, v) => Op.MeanAll(t, v[0]), IlgpuTol.Float32, Rand(21, -1, 1, F, 9000));
    }

    private void SoftmaxAndLogSoftmax()
    {
        var x = Rand(30, -5, 5, F, 4, 9);
        Check(Dev, "Softmax", (t, v) => Op.Softmax(t, v[0]), IlgpuTol.Float32, x);
        Check(Dev, "LogSoftmax", (t, v) => Op.LogSoftmax(t, v[0]), IlgpuTol.Float32, x);
    }

    private void MatMulAndBatched(bool ta, bool tb)
    {
        // op(a) 5 x 7, op(b) 7 x 9: no dimension is a multiple of the 4, 8 or 16 tile.
        var a = Rand(40, -1, 1, F, ta ? [7, 5] : [5, 7]);
        var b = Rand(41, -1, 1, F, tb ? [9, 7] : [7, 9]);
        Check(Dev, $"MatMul {ta} {tb}", (t, x) => Op.MatMul(t, x[0], x[1], ta, tb), IlgpuTol.Float32, a, b);
        var ba = Rand(42, -1, 1, F, ta ? [3, 7, 5] : [3, 5, 7]);
        var bb = Rand(43, -1, 1, F, tb ? [3, 9, 7] : [3, 7, 9]);
        Check(Dev, $"BatchedMatMul {ta} {tb}", (t, x) => Op.BatchedMatMul(t, x[0], x[1], ta, tb), IlgpuTol.Float32, ba, bb);
    }

    private void LinearWithAndWithoutBias()
    {
        var x = Rand(50, -1, 1, F, 2, 3, 6);
        var w = Rand(51, -1, 1, F, 5, 6);
        var b = Rand(52, -1, 1, F, 5);
        Check(Dev, "Linear", (t, v) => Op.Linear(t, v[0], v[1], v[2]), IlgpuTol.Float32, x, w, b);
        Check(Dev, "Linear no bias", (t, v) => Op.Linear(t, v[0], v[1]), IlgpuTol.Float32, x, w);
    }

    private void ConcatSlicePermuteTransposeReshape()
    {
        var a = Rand(60, -1, 1, F, 2, 3, 4);
        var b = Rand(61, -1, 1, F, 2, 2, 4);
        Check(Dev, "Concat axis 1", (t, v) => Op.Concat(t, 1, v[0], v[1]), IlgpuTol.Float32, a, b);
        Check(Dev, "Slice axis 2", (t, v) => Op.Slice(t, v[0], 2, 1, 2), IlgpuTol.Float32, a);
        Check(Dev, "Permute [2, 0, 1]", (t, v) => Op.Permute(t, v[0], 2, 0, 1), IlgpuTol.Float32, a);
        Check(Dev, "Transpose", (t, v) => Op.Transpose(t, v[0]), IlgpuTol.Float32, Rand(62, -1, 1, F, 3, 5));
        Check(Dev, "Reshape then Exp", (t, v) => Op.Exp(t, Op.Reshape(t, v[0], 4, 6)), IlgpuTol.Float32, a);
    }

    private void IndexSelectScatterAddEmbedding()
    {
        var x = Rand(70, -1, 1, F, 5, 3);
        var index = Tensor.FromArray(new[] { 4, 0, 2, 2, 4, 1, 4 });
        Check(Dev, "IndexSelect", (t, v) => Op.IndexSelect(t, v[0], v[1]), IlgpuTol.Float32, x, index);
        Check(Dev, "ScatterAdd", (t, v) => Op.ScatterAdd(t, v[0], v[1], 6), IlgpuTol.Float32, Rand(71, -1, 1, F, 7, 3), index);
        Check(Dev, "Embedding", (t, v) => Op.Embedding(t, v[0], v[1]), IlgpuTol.Float32, x, index);
    }

    private void SegmentSumAndSegmentSoftmax()
    {
        // Segments of 3, 0 (empty), 1 and 4 edges; columns [2, 2] so a row is more than one value.
        var rowPtr = Tensor.FromArray(new[] { 0, 3, 3, 4, 8 });
        var x = Rand(80, -3, 3, F, 8, 2, 2);
        Check(Dev, "SegmentSum", (t, v) => Op.SegmentSum(t, v[0], v[1]), IlgpuTol.Float32, x, rowPtr);
        Check(Dev, "SegmentSoftmax", (t, v) => Op.SegmentSoftmax(t, v[0], v[1]), IlgpuTol.Float32, x, rowPtr);
    }

    private void LayerNormAndRmsNorm()
    {
        var x = Rand(90, -2, 3, F, 3, 2, 7);
        var w = Rand(91, 0.5, 1.5, F, 7);
        var b = Rand(92, -0.5, 0.5, F, 7);
        Check(Dev, "LayerNorm", (t, v) => Op.LayerNorm(t, v[0], v[1], v[2]), IlgpuTol.Float32, x, w, b);
        Check(Dev, "RmsNorm", (t, v) => Op.RmsNorm(t, v[0], v[1]), IlgpuTol.Float32, x, w);
    }

    private void LossesWithAndWithoutIgnoreIndex()
    {
        var logits = Rand(100, -3, 3, F, 6, 5);
        var targets = Tensor.FromArray(new[] { 4, 0, -100, 2, 2, 1 });
        var plain = Tensor.FromArray(new[] { 4, 0, 3, 2, 2, 1 });
        Check(Dev, "CrossEntropy ignore", (t, v) => Op.CrossEntropy(t, v[0], v[1], -100), IlgpuTol.Float32, logits, targets);
        Check(Dev, "CrossEntropy", (t, v) => Op.CrossEntropy(t, v[0], v[1]), IlgpuTol.Float32, logits, plain);
        Check(Dev, "Nll of LogSoftmax", (t, v) => Op.Nll(t, Op.LogSoftmax(t, v[0]), v[1], -100), IlgpuTol.Float32, logits, targets);
        var pred = Rand(101, -2, 2, F, 4, 3);
        var target = Rand(102, -2, 2, F, 4, 3);
        Check(Dev, "Mse", (t, v) => Op.Mse(t, v[0], v[1]), IlgpuTol.Float32, pred, target);
        Check(Dev, "L1", (t, v) => Op.L1(t, v[0], v[1]), IlgpuTol.Float32, pred, target);
    }

    private void ClassificationLossRejectsABadTargetNamingTheRow()
    {
        var logits = Dev.Upload(Rand(103, -1, 1, F, 3, 4));
        var bad = Dev.Upload(Tensor.FromArray(new[] { 1, 7, 0 }));
        var ex = Expect.Throws<ArgumentOutOfRangeException>(() => Op.CrossEntropy(null, logits, bad), "CrossEntropy with target 7 of 4 classes");
        Expect.Contains(ex.Message, "target 7 at row 1", "CrossEntropy error message");
    }

    private void ScatterAddRejectsAnOutOfRangeDeviceIndex()
    {
        var src = Dev.Upload(Rand(104, -1, 1, F, 3, 2));
        var index = Dev.Upload(Tensor.FromArray(new[] { 0, 5, 1 }));
        var ex = Expect.Throws<ShapeMismatchException>(() => Op.ScatterAdd(null, src, index, 4), "ScatterAdd with index 5 of 4 rows");
        Expect.Contains(ex.Message, "index[1] = 5", "ScatterAdd error message");
    }

    private void DropoutMaskAndValuesAreBitwiseTheCpus()
    {
        var x = Rand(110, -2, 2, F, 37, 11);
        var rng = RngStream.Create(2024, "dropout").Sub(3);
        var cpu = Op.Dropout(null, x, 0.3, rng, 1000, training: true);
        var gpu = IlgpuDevice.Download(Op.Dropout(null, Dev.Upload(x), 0.3, rng, 1000, training: true));
        Expect.Equal(gpu.Span<float>().ToArray(), cpu.Span<float>().ToArray(), "dropout forward, bitwise");
        var zeros = cpu.Span<float>().ToArray().Count(v => v == 0);
        Expect.That(zeros is >= 60 and <= 185, $"the mask should drop about 30 % of 407 elements, dropped {zeros}");

        // Backward (mask redrawn): checked with the same exact tolerance of zero.
        Check(Dev, "Dropout", (t, v) => Op.Dropout(t, v[0], 0.3, rng, 1000, training: true), 0.0, x);
    }

    private void Float64KernelsMatchTightly()
    {
        const DType D = DType.Float64;
        Check(Dev, "MatMul f64", (t, x) => Op.MatMul(t, x[0], x[1], false, true), IlgpuTol.Float64, Rand(120, -1, 1, D, 5, 7), Rand(121, -1, 1, D, 9, 7));
        Check(Dev, "LogSoftmax f64", (t, x) => Op.LogSoftmax(t, x[0]), IlgpuTol.Float64, Rand(122, -4, 4, D, 3, 6));
        Check(Dev, "LayerNorm f64", (t, x) => Op.LayerNorm(t, x[0], x[1], x[2]), IlgpuTol.Float64, Rand(123, -2, 2, D, 4, 5), Rand(124, 0.5, 1.5, D, 5), Rand(125, -1, 1, D, 5));
        Check(Dev, "SegmentSoftmax f64", (t, x) => Op.SegmentSoftmax(t, x[0], x[1]), IlgpuTol.Float64, Rand(126, -3, 3, D, 5, 2), Tensor.FromArray(new[] { 0, 2, 5 }));
        Check(Dev, "Gelu f64", (t, x) => Op.Unary(t, UnaryOp.Gelu, x[0]), IlgpuTol.Float64, Rand(127, -4, 4, D, 3, 5));
        Check(Dev, "Sum f64", (t, x) => Op.Sum(t, x[0], 1), IlgpuTol.Float64, Rand(128, -1, 1, D, 3, 5, 2));
    }

    private void FillCopyAndPoolRoundTrip()
    {
        var host = Rand(130, -1, 1, F, 3, 4);
        var onDev = Dev.Upload(host);
        Expect.Equal(IlgpuDevice.Download(onDev).Span<float>().ToArray(), host.Span<float>().ToArray(), "upload then download");
        onDev.Fill(2.5);
        Expect.AllEqual(IlgpuDevice.Download(onDev).Span<float>().ToArray(), 2.5f, "Fill(2.5)");

        // A zeroed rent after a return reuses the buffer and really zeroes it.
        var live = Dev.LiveBytes;
        var s = Dev.Rent(F, 100, zero: false);
        var t = new Tensor(s, new Shape(100));
        t.Fill(7);
        Dev.Return(s);
        var again = new Tensor(Dev.Rent(F, 90, zero: true), new Shape(90));
        Expect.AllEqual(IlgpuDevice.Download(again).Span<float>().ToArray(), 0f, "zeroed rent of a reused buffer");
        Dev.Return(again.Storage);
        Expect.That(Dev.LiveBytes == live, $"live bytes {Dev.LiveBytes} after rent/return, expected {live}");
        ((IlgpuStorage)onDev.Storage).Dispose();
        Expect.That(Dev.LiveBytes == live - (3 * 4 * sizeof(float)), $"disposing a long-lived 48-byte buffer left {Dev.LiveBytes} live bytes, expected {live - 48}");
    }
}
