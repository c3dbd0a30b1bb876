using CrystalKernels.Equivariant.Grids;
using CrystalKernels.Equivariant.Ops;
using CrystalKernels.Tensors;
using CrystalKernels.Tensors.Autograd;

namespace CrystalKernels.Equivariant.Nn;

/// <summary>
/// SeparableS2Activation with SiLU (paper-spec §3.12): coefficient 0 = SiLU(scalars), coefficients 1.. =
/// (F ∘ SiLU ∘ T)(x)[1..] on <paramref name="grid"/> ((6, 2) in the attention, (6, 6) in the FFN). No parameters.
/// </summary>
public sealed class SeparableS2Activation(S2Grid grid)
{
    public S2Grid Grid { get; } = grid;

    /// <summary>scalars [R, C], x [R, Kr, C] (Kr = the grid's reduced coefficient count) → [R, Kr, C].</summary>
    public Tensor Forward(Tape? tape, Tensor scalars, Tensor x) => EqOp.SeparableS2Silu(tape, scalars, x, Grid);
}
