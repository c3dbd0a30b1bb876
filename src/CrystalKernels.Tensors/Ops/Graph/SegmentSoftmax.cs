using CrystalKernels.Tensors.Autograd;

namespace CrystalKernels.Tensors.Ops;

/// <summary>
/// Softmax within each CSR segment (edges sorted by destination), per column: x[E, H] (or [E, ...], columns = the
/// trailing dims) -> y with y[e, h] = exp(x[e, h] - m) / sum over the segment of exp(x[., h] - m), m = the segment's
/// max at h (stable for large logits). Empty segments are allowed and produce nothing.
/// Backward: dx = y * (dy - sum over the segment of dy * y), per column.
/// </summary>
public static partial class Op
{
    public static Tensor SegmentSoftmax(Tape? tape, Tensor x, Tensor rowPtr)
    {
        CheckFloatRows(nameof(SegmentSoftmax), x);
        CheckRowPtr(nameof(SegmentSoftmax), rowPtr, x.Shape[0]);
        var k = x.Device.Backend.Graph;
        var y = x.EmptyLike(tape);
        k.SegmentSoftmax(x, rowPtr, y);
        if (tape is not null && tape.ShouldRecord(x))
        {
            tape.Record(nameof(SegmentSoftmax), y, [x, rowPtr], () => k.SegmentSoftmaxBackward(y, y.Grad!, rowPtr, tape.GradOf(x)));
        }

        return y;
    }
}
