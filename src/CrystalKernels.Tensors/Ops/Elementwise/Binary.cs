using CrystalKernels.Tensors.Autograd;
using CrystalKernels.Tensors.Kernels;

namespace CrystalKernels.Tensors.Ops;

/// <summary>
/// y = a (+ - * /) b with the documented broadcast of b only: same shape; one element (scalar); b of shape [C] or
/// [1, C] against a [..., C] (row broadcast); b of shape [..., 1] with a's row count (column broadcast).
/// Backward: da = dy * dy/da; db = dy * dy/db summed over the broadcast positions.
/// </summary>
public static partial class Op
{
    public static Tensor Add(Tape? tape, Tensor a, Tensor b) => Binary(tape, BinaryOp.Add, a, b);

    public static Tensor Sub(Tape? tape, Tensor a, Tensor b) => Binary(tape, BinaryOp.Sub, a, b);

    public static Tensor Mul(Tape? tape, Tensor a, Tensor b) => Binary(tape, BinaryOp.Mul, a, b);

    public static Tensor Div(Tape? tape, Tensor a, Tensor b) => Binary(tape, BinaryOp.Div, a, b);

    public static Tensor Binary(Tape? tape, BinaryOp op, Tensor a, Tensor b)
    {
        var name = op.ToString();
        ShapeMismatchException.SameKind(name, a, b);
        RequireFloat(name, a);
        var mode = ResolveBroadcast(name, a, b);
        var k = a.Device.Backend.Elementwise;
        var y = a.EmptyLike(tape);
        k.Binary(op, mode, a, b, y);
        if (tape is not null && tape.ShouldRecord(a, b))
        {
            tape.Record(name, y, [a, b], () => k.BinaryBackward(op, mode, a, b, y.Grad!,
                a.RequiresGrad ? tape.GradOf(a) : null, b.RequiresGrad ? tape.GradOf(b) : null));
        }

        return y;
    }

    /// <summary>Which broadcast rule pairs b with a; throws naming the op and both shapes when none does.</summary>
    public static Broadcast ResolveBroadcast(string op, Tensor a, Tensor b)
    {
        if (a.Shape.Equals(b.Shape))
        {
            return Broadcast.None;
        }

        if (b.Numel == 1)
        {
            return Broadcast.Scalar;
        }

        var bd = b.Shape.Dims;
        if (a.Rank >= 1 && b.Numel == a.Shape.Cols && (b.Rank == 1 || (b.Rank == 2 && bd[0] == 1)))
        {
            return Broadcast.Row;
        }

        if (a.Rank >= 2 && b.Rank == a.Rank && bd[^1] == 1 && b.Numel == a.Shape.Rows && bd[..^1].SequenceEqual(a.Shape.Dims[..^1]))
        {
            return Broadcast.Column;
        }

        throw new ShapeMismatchException(op, $"cannot broadcast b {b.Shape} against a {a.Shape} (allowed: same shape, one element, [C] or [1, C] rows, [..., 1] columns)");
    }
}
