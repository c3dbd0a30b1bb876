using CrystalKernels.Tensors.Autograd;
using CrystalKernels.Tensors.Kernels;

namespace CrystalKernels.Tensors.Ops;

public static partial class Op
{
    /// <summary>y = exp(x). Backward: dx += dy * y.</summary>
    public static Tensor Exp(Tape? tape, Tensor x) => Unary(tape, UnaryOp.Exp, x);

    /// <summary>y = ln(x) (NaN for x &lt; 0, -inf at 0). Backward: dx += dy / x.</summary>
    public static Tensor Log(Tape? tape, Tensor x) => Unary(tape, UnaryOp.Log, x);
}
