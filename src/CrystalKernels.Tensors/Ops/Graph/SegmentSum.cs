using CrystalKernels.Tensors.Autograd;

namespace CrystalKernels.Tensors.Ops;

/// <summary>
/// y[i, ...] = sum of src[e, ...] for e in rowPtr[i] .. rowPtr[i+1] (edges sorted by destination; CSR row pointers
/// of N + 1 entries; empty segments give zero rows). Equals ScatterAdd with index[e] = segment of e, without the sort.
/// Backward: dsrc[e] += dy[segment of e].
/// </summary>
public static partial class Op
{
    public static Tensor SegmentSum(Tape? tape, Tensor src, Tensor rowPtr)
    {
        CheckFloatRows(nameof(SegmentSum), src);
        CheckRowPtr(nameof(SegmentSum), rowPtr, src.Shape[0]);
        var k = src.Device.Backend.Graph;
        var y = Tensor.Empty(src.Shape.With(0, (int)rowPtr.Numel - 1), src.DType, src.Device, tape);
        k.SegmentSum(src, rowPtr, y);
        if (tape is not null && tape.ShouldRecord(src))
        {
            tape.Record(nameof(SegmentSum), y, [src, rowPtr], () => k.SegmentSumBackward(y.Grad!, rowPtr, tape.GradOf(src)));
        }

        return y;
    }
}
