using CrystalKernels.Tensors.Autograd;

namespace CrystalKernels.Tensors.Ops;

/// <summary>
/// y[n, ...] = sum over e with index[e] = n of src[e, ...], y of shape [dimSize, ...] (rows no index hits are zero).
/// The index need not be sorted: the kernel sums each row's sources in ascending e through a counting-sort CSR, so the
/// result is deterministic. For destination-sorted edges, <see cref="SegmentSum"/> skips the sort.
/// Backward: dsrc[e] += dy[index[e]] (a gather).
/// </summary>
public static partial class Op
{
    public static Tensor ScatterAdd(Tape? tape, Tensor src, Tensor index, int dimSize)
    {
        ShapeMismatchException.Require(src.Rank >= 1, nameof(ScatterAdd), $"needs a tensor with a row axis, got {src.Describe()}");
        ShapeMismatchException.Require(dimSize >= 0, nameof(ScatterAdd), $"dimSize must be >= 0, got {dimSize}");
        CheckIndex(nameof(ScatterAdd), index, dimSize, $"the output's {dimSize} rows");
        ShapeMismatchException.Require(index.Numel == src.Shape[0], nameof(ScatterAdd),
            $"index has {index.Numel} entries but src {src.Describe()} has {src.Shape[0]} rows");
        var k = src.Device.Backend.Graph;
        var y = Tensor.Empty(src.Shape.With(0, dimSize), src.DType, src.Device, tape);
        k.ScatterAdd(src, index, y, accumulate: false);
        if (tape is not null && tape.ShouldRecord(src))
        {
            tape.Record(nameof(ScatterAdd), y, [src, index], () => k.Gather(y.Grad!, index, tape.GradOf(src), accumulate: true));
        }

        return y;
    }
}
