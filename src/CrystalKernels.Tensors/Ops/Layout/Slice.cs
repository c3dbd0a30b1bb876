using CrystalKernels.Tensors.Autograd;

namespace CrystalKernels.Tensors.Ops;

/// <summary>
/// y = x[..., start : start + length, ...] along <c>axis</c> (a fresh contiguous copy).
/// Backward: dx[..., start : start + length, ...] += dy.
/// </summary>
public static partial class Op
{
    public static Tensor Slice(Tape? tape, Tensor x, int axis, int start, int length)
    {
        ShapeMismatchException.Require(x.Rank > 0, nameof(Slice), $"cannot slice a scalar ({x.Describe()})");
        var a = NormalizeAxis(nameof(Slice), x.Shape, axis);
        ShapeMismatchException.Require(start >= 0 && length >= 0 && (long)start + length <= x.Shape[a], nameof(Slice),
            $"range start {start}, length {length} does not fit axis {a} of size {x.Shape[a]} in {x.Describe()}");
        var k = x.Device.Backend.Layout;
        var y = Tensor.Empty(x.Shape.With(a, length), x.DType, x.Device, tape);
        k.CopySlab(x, start, y, 0, a, length, accumulate: false);
        if (tape is not null && tape.ShouldRecord(x))
        {
            tape.Record(nameof(Slice), y, [x], () => k.CopySlab(y.Grad!, 0, tape.GradOf(x), start, a, length, accumulate: true));
        }

        return y;
    }
}
