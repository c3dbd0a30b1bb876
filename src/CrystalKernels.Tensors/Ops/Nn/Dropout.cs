using CrystalKernels.Tensors.Autograd;
using CrystalKernels.Tensors.Random;

namespace CrystalKernels.Tensors.Ops;

/// <summary>
/// Inverted dropout: y[i] = x[i] / (1 - p) when rng.Uniform(offset + i) &gt;= p, else 0. The mask is a pure function of
/// the stream, the offset and the element index, so it is the same for any thread count or device. Callers pass a
/// per-step stream (<c>rng.Sub(step)</c>) and give each dropout site of a step its own offset range.
/// Identity (returns x itself) when not training or p = 0.
/// Backward: dx += dy * mask / (1 - p), the mask drawn again from the stream (nothing is stored).
/// </summary>
public static partial class Op
{
    public static Tensor Dropout(Tape? tape, Tensor x, double p, RngStream rng, ulong offset, bool training)
    {
        ShapeMismatchException.Require(p is >= 0 and < 1, nameof(Dropout), $"p must be in [0, 1), got {p}");
        ShapeMismatchException.Require(x.DType != DType.Int32, nameof(Dropout), $"needs float32 or float64, got {x.Describe()}");
        if (!training || p == 0)
        {
            return x;
        }

        var k = x.Device.Backend.Norm;
        var y = x.EmptyLike(tape);
        k.Dropout(x, p, rng, offset, y);
        if (tape is not null && tape.ShouldRecord(x))
        {
            tape.Record(nameof(Dropout), y, [x], () => k.DropoutBackward(y.Grad!, p, rng, offset, tape.GradOf(x)));
        }

        return y;
    }
}
