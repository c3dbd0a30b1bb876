using CrystalKernels.Gpu;
using CrystalKernels.Tensors.Kernels;

namespace CrystalKernels.SelfCheck.Ilgpu;

/// <summary>
/// Every ILGPU kernel against the CPU reference, forward and backward, on one accelerator: ILGPU's CPU accelerator
/// ("ilgpu-cpu", runs anywhere) or the first CUDA device ("ilgpu-cuda"). One device per suite: ILGPU compiles each
/// kernel once per accelerator.
/// </summary>
public sealed partial class IlgpuSuite : CheckSuite
{
    private static readonly (UnaryOp Op, double Lo, double Hi)[] UnaryRanges =
    [
        (UnaryOp.Exp, -2, 2), (UnaryOp.Log, 0.2, 3), (UnaryOp.Sqrt, 0.2, 3), (UnaryOp.Rsqrt, 0.2, 3), (UnaryOp.Pow, 0.2, 3),
        (UnaryOp.Neg, -2, 2), (UnaryOp.Abs, -2, 2), (UnaryOp.Sigmoid, -4, 4), (UnaryOp.Tanh, -3, 3), (UnaryOp.Silu, -4, 4),
        (UnaryOp.LeakyRelu, -2, 2), (UnaryOp.Gelu, -4, 4), (UnaryOp.GeluTanh, -4, 4), (UnaryOp.Clamp, -2, 2),
        (UnaryOp.Scale, -2, 2), (UnaryOp.AddScalar, -2, 2),
    ];

    private readonly SelfCheckTarget target;
    private IlgpuDevice? dev;

    public IlgpuSuite(SelfCheckTarget target)
        : base(target == SelfCheckTarget.Cuda ? "ilgpu-cuda" : "ilgpu-cpu")
    {
        this.target = target;
        foreach (var op in new[] { BinaryOp.Add, BinaryOp.Sub, BinaryOp.Mul, BinaryOp.Div })
        {
            Add($"binary/{op}", () => BinaryAllBroadcasts(op));
        }

        foreach (var (op, lo, hi) in UnaryRanges)
        {
            Add($"unary/{op}", () => Unary(op, lo, hi));
        }

        Add("reduce/sum-mean-max", SumMeanMaxOverEachAxis);
        Add("softmax/softmax-logsoftmax", SoftmaxAndLogSoftmax);
        foreach (var (ta, tb) in new[] { (false, false), (true, false), (false, true), (true, true) })
        {
            Add($"matmul/{(ta ? 't' : 'n')}{(tb ? 't' : 'n')}", () => MatMulAndBatched(ta, tb));
        }

        Add("matmul/linear", LinearWithAndWithoutBias);
        Add("layout/concat-slice-permute-transpose-reshape", ConcatSlicePermuteTransposeReshape);
        Add("graph/index-select-scatter-add-embedding", IndexSelectScatterAddEmbedding);
        Add("graph/segment-sum-softmax", SegmentSumAndSegmentSoftmax);
        Add("norm/layer-rms", LayerNormAndRmsNorm);
        Add("loss/cross-entropy-nll-mse-l1", LossesWithAndWithoutIgnoreIndex);
        Add("loss/bad-target-names-row", ClassificationLossRejectsABadTargetNamingTheRow);
        Add("graph/scatter-add-bad-device-index", ScatterAddRejectsAnOutOfRangeDeviceIndex);
        Add("random/dropout-bitwise", DropoutMaskAndValuesAreBitwiseTheCpus);
        Add("float64/matmul-logsoftmax-layernorm-segment-gelu-sum", Float64KernelsMatchTightly);
        Add("memory/fill-copy-pool", FillCopyAndPoolRoundTrip);
    }

    private IlgpuDevice Dev => dev ?? throw new InvalidOperationException($"selfcheck: suite {Name} is not open");

    protected override string? Probe() => target == SelfCheckTarget.Cuda ? IlgpuDevice.WhyCudaUnavailable() : null;

    protected override void Open() => dev = target == SelfCheckTarget.Cuda ? IlgpuDevice.CreateCuda() : IlgpuDevice.CreateCpu();

    protected override void Close()
    {
        dev?.Dispose();
        dev = null;
    }
}
