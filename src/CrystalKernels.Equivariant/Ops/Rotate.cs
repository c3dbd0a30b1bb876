using CrystalKernels.Equivariant.Layout;
using CrystalKernels.Tensors;
using CrystalKernels.Tensors.Autograd;

namespace CrystalKernels.Equivariant.Ops;

public static partial class EqOp
{
    /// <summary>
    /// Rotation into the edge frame with m truncation (paper-spec §3.6, FORK SO3_Rotation.rotate): y = D[reduced rows, :] x,
    /// x [E, K, C] full l-major, blocks [E, TruncatedRotationSize] from <see cref="Wigner.EdgeWigner"/>, y [E, Kr, C]
    /// reduced l-major. Block diagonal: y[red_l + i] = Σ_j B_l[i, j] x[l² + j].
    /// Backward: dx[l² + j] += Σ_i B_l[i, j] dy[red_l + i] (the transpose, no rescale);
    /// dB_l[i, j] += Σ_c dy[red_l + i, c] x[l² + j, c] (so the frame gradient can flow on into EdgeWigner).
    /// </summary>
    public static Tensor Rotate(Tape? tape, Tensor x, Tensor blocks, SphericalLayout layout)
    {
        const string op = nameof(Rotate);
        var p = RotatePlan.Of(layout);
        var (e, c) = RotatePlan.RequireFeatures(op, "x", x, p.K, layout);
        p.RequireBlocks(op, blocks, x, e);
        var y = Tensor.Empty(new Shape(e, p.KReduced, c), x.DType, x.Device, tape);
        RotateKernels.Apply(p, toReduced: true, rescale: false, x, blocks, y, accumulate: false);
        if (tape is not null && tape.ShouldRecord(x, blocks))
        {
            tape.Record(op, y, [x, blocks], () =>
            {
                if (x.RequiresGrad)
                {
                    RotateKernels.Apply(p, toReduced: false, rescale: false, y.Grad!, blocks, tape.GradOf(x), accumulate: true);
                }

                if (blocks.RequiresGrad)
                {
                    RotateKernels.BlockGrad(p, rescale: false, reduced: y.Grad!, full: x, tape.GradOf(blocks));
                }
            });
        }

        return y;
    }
}
