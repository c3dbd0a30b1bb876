using CrystalKernels.Tensors.Autograd;
using CrystalKernels.Tensors.Kernels;

namespace CrystalKernels.Tensors.Ops;

public static partial class Op
{
    /// <summary>y = 1 / (1 + exp(-x)). Backward: dx += dy * y (1 - y).</summary>
    public static Tensor Sigmoid(Tape? tape, Tensor x) => Unary(tape, UnaryOp.Sigmoid, x);

    /// <summary>
    /// SiLU (swish): y = x sigmoid(x), EquiformerV2's activation. Backward: dx += dy * s (1 + x (1 - s)), s = sigmoid(x).
    /// </summary>
    public static Tensor Silu(Tape? tape, Tensor x) => Unary(tape, UnaryOp.Silu, x);

    /// <summary>y = tanh(x). Backward: dx += dy * (1 - y^2).</summary>
    public static Tensor Tanh(Tape? tape, Tensor x) => Unary(tape, UnaryOp.Tanh, x);
}
