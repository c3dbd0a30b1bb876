using CrystalKernels.Tensors.Autograd;
using CrystalKernels.Tensors.Kernels;

namespace CrystalKernels.Tensors.Ops;

public static partial class Op
{
    /// <summary>y = s * x for a scalar s. Backward: dx += s * dy.</summary>
    public static Tensor Scale(Tape? tape, Tensor x, double s) => Unary(tape, UnaryOp.Scale, x, s);

    /// <summary>y = x + c for a scalar c. Backward: dx += dy.</summary>
    public static Tensor AddScalar(Tape? tape, Tensor x, double c) => Unary(tape, UnaryOp.AddScalar, x, c);

    /// <summary>y = -x. Backward: dx -= dy.</summary>
    public static Tensor Neg(Tape? tape, Tensor x) => Unary(tape, UnaryOp.Neg, x);

    /// <summary>y = |x|. Backward: dx += dy * sign(x), with sign(0) = 0 (PyTorch's choice at the kink).</summary>
    public static Tensor Abs(Tape? tape, Tensor x) => Unary(tape, UnaryOp.Abs, x);
}
