using CrystalKernels.Tensors.Autograd;
using CrystalKernels.Tensors.Kernels;

namespace CrystalKernels.Tensors.Ops;

public static partial class Op
{
    /// <summary>y = sqrt(x). Backward: dx += dy / (2 y).</summary>
    public static Tensor Sqrt(Tape? tape, Tensor x) => Unary(tape, UnaryOp.Sqrt, x);

    /// <summary>y = 1 / sqrt(x). Backward: dx += dy * (-y^3 / 2).</summary>
    public static Tensor Rsqrt(Tape? tape, Tensor x) => Unary(tape, UnaryOp.Rsqrt, x);

    /// <summary>
    /// y = x^p for a scalar exponent p (NaN for x &lt; 0 and non-integer p, as IEEE pow). Backward: dx += dy * p x^(p-1);
    /// zero for p = 0.
    /// </summary>
    public static Tensor Pow(Tape? tape, Tensor x, double exponent) => Unary(tape, UnaryOp.Pow, x, exponent);
}
