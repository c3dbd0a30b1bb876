using CrystalKernels.Tensors.Autograd;
using CrystalKernels.Tensors.Kernels;

namespace CrystalKernels.Tensors.Ops;

public static partial class Op
{
    /// <summary>
    /// y = f(x; p0, p1) for a <see cref="UnaryOp"/> (same shape and dtype as x). Backward: dx += dy * f'(x), with f'
    /// evaluated by the backend from x and the saved output y. The named ops (Exp, Gelu, ...) call this.
    /// </summary>
    public static Tensor Unary(Tape? tape, UnaryOp op, Tensor x, double p0 = 0, double p1 = 0)
    {
        var name = op.ToString();
        RequireFloat(name, x);
        if (double.IsNaN(p0) || double.IsNaN(p1))
        {
            throw new ArgumentException($"{name}: scalar parameter is NaN (p0 = {p0}, p1 = {p1})");
        }

        var k = x.Device.Backend.Elementwise;
        var y = x.EmptyLike(tape);
        k.Unary(op, x, y, p0, p1);
        if (tape is not null && tape.ShouldRecord(x))
        {
            tape.Record(name, y, [x], () => k.UnaryBackward(op, x, y, y.Grad!, tape.GradOf(x), p0, p1));
        }

        return y;
    }

    /// <summary>Elementwise math is defined on float32 and float64 only; int32 index tensors are rejected by name.</summary>
    internal static void RequireFloat(string op, Tensor x) =>
        ShapeMismatchException.Require(x.DType is DType.Float32 or DType.Float64, op,
            $"needs a float32 or float64 tensor, got {x.Describe()}");
}
