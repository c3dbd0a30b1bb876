using CrystalKernels.Equivariant.Layout;
using CrystalKernels.Tensors;
using CrystalKernels.Tensors.Autograd;

namespace CrystalKernels.Equivariant.Ops;

public static partial class EqOp
{
    /// <summary>
    /// Rotation back from the edge frame (paper-spec §3.6, FORK SO3_Rotation.rotate_inv): z = (Dᵀ[:, reduced] ⊙ S) y,
    /// y [E, Kr, C] reduced l-major, blocks [E, TruncatedRotationSize], z [E, K, C] full l-major. Block diagonal:
    /// z[l² + j] = S_l Σ_i B_l[i, j] y[red_l + i] with S_l = sqrt((2l+1)/(2M+1)) for l &gt; M, else 1.
    /// Backward: dy[red_l + i] += S_l Σ_j B_l[i, j] dz[l² + j]; dB_l[i, j] += S_l Σ_c y[red_l + i, c] dz[l² + j, c].
    /// </summary>
    public static Tensor RotateInv(Tape? tape, Tensor y, Tensor blocks, SphericalLayout layout)
    {
        const string op = nameof(RotateInv);
        var p = RotatePlan.Of(layout);
        var (e, c) = RotatePlan.RequireFeatures(op, "y", y, p.KReduced, layout);
        p.RequireBlocks(op, blocks, y, e);
        var z = Tensor.Empty(new Shape(e, p.K, c), y.DType, y.Device, tape);
        RotateKernels.Apply(p, toReduced: false, rescale: true, y, blocks, z, accumulate: false);
        if (tape is not null && tape.ShouldRecord(y, blocks))
        {
            tape.Record(op, z, [y, blocks], () =>
            {
                if (y.RequiresGrad)
                {
                    RotateKernels.Apply(p, toReduced: true, rescale: true, z.Grad!, blocks, tape.GradOf(y), accumulate: true);
                }

                if (blocks.RequiresGrad)
                {
                    RotateKernels.BlockGrad(p, rescale: true, reduced: y, full: z.Grad!, tape.GradOf(blocks));
                }
            });
        }

        return z;
    }
}
