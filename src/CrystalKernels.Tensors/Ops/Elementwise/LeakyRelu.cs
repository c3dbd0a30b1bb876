using CrystalKernels.Tensors.Autograd;
using CrystalKernels.Tensors.Kernels;

namespace CrystalKernels.Tensors.Ops;

public static partial class Op
{
    /// <summary>
    /// y = x for x &gt; 0, slope * x otherwise (PyTorch default slope 0.01). Backward: dx += dy for x &gt; 0, dy * slope
    /// otherwise (x = 0 takes the slope, as PyTorch).
    /// </summary>
    public static Tensor LeakyRelu(Tape? tape, Tensor x, double slope = 0.01) => Unary(tape, UnaryOp.LeakyRelu, x, slope);
}
