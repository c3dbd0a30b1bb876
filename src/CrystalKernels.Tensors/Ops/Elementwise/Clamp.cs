using CrystalKernels.Tensors.Autograd;
using CrystalKernels.Tensors.Kernels;

namespace CrystalKernels.Tensors.Ops;

public static partial class Op
{
    /// <summary>
    /// y = min(max(x, min), max); an infinite bound clamps one side only. Backward: dx += dy where min &lt;= x &lt;= max
    /// (bounds included, as PyTorch), 0 outside.
    /// </summary>
    public static Tensor Clamp(Tape? tape, Tensor x, double min, double max)
    {
        if (!(min <= max))
        {
            throw new ArgumentException($"Clamp: needs min <= max (neither NaN), got min = {min}, max = {max}");
        }

        return Unary(tape, UnaryOp.Clamp, x, min, max);
    }
}
