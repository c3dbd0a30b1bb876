using CrystalKernels.Tensors.Autograd;
using CrystalKernels.Tensors.Kernels;

namespace CrystalKernels.Tensors.Ops;

/// <summary>Which GELU formula to use; the names follow PyTorch's <c>approximate</c> argument.</summary>
public enum GeluApproximation
{
    /// <summary>Exact: x Phi(x) with the erf-based normal CDF (PyTorch default).</summary>
    None,

    /// <summary>0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3))).</summary>
    Tanh,
}

public static partial class Op
{
    /// <summary>
    /// GELU. Exact: y = x Phi(x), backward dx += dy (Phi(x) + x phi(x)). Tanh form: y = x s with
    /// s = (1 + tanh u) / 2, u = sqrt(2/pi) (x + 0.044715 x^3), backward dx += dy (s + 2 x s (1 - s) u').
    /// </summary>
    public static Tensor Gelu(Tape? tape, Tensor x, GeluApproximation approximate = GeluApproximation.None) =>
        Unary(tape, approximate == GeluApproximation.Tanh ? UnaryOp.GeluTanh : UnaryOp.Gelu, x);
}
