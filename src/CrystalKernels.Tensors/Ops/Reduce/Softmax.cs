using CrystalKernels.Tensors.Autograd;

namespace CrystalKernels.Tensors.Ops;

/// <summary>
/// Softmax and LogSoftmax over the last axis, stable by subtracting the row max. Both backwards need only the saved
/// output y: softmax dx = y (dy - Σ dy y); log-softmax dx = dy - softmax(x) Σ dy, with softmax(x) = exp(y).
/// </summary>
public static partial class Op
{
    public static Tensor Softmax(Tape? tape, Tensor x) => SoftmaxLastAxis(tape, nameof(Softmax), x, log: false);

    public static Tensor LogSoftmax(Tape? tape, Tensor x) => SoftmaxLastAxis(tape, nameof(LogSoftmax), x, log: true);

    private static Tensor SoftmaxLastAxis(Tape? tape, string name, Tensor x, bool log)
    {
        ReduceArgs.RequireFloat(name, x);
        ShapeMismatchException.Require(x.Rank >= 1 && x.Shape.Cols > 0, name, $"needs a non-empty last axis, got {x.Describe()}");
        var k = x.Device.Backend.Reduce;
        var y = x.EmptyLike(tape);
        k.Softmax(x, y, log);
        if (tape is not null && tape.ShouldRecord(x))
        {
            tape.Record(name, y, [x], () => k.SoftmaxBackward(y, y.Grad!, tape.GradOf(x), log));
        }

        return y;
    }
}
