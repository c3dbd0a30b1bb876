using CrystalKernels.Equivariant.Layout;

namespace CrystalKernels.Equivariant.So3;

/// <summary>
/// The rescale of the truncated rotate-inverse (paper-spec §3.6, FORK CoefficientMappingModule.get_rotate_inv_rescale):
/// S_l = sqrt((2l+1)/(2M+1)) for degrees l &gt; M, 1 otherwise, applied per output row of Dᵀ[:, reduced cols].
/// </summary>
public static class RotateInvRescale
{
    /// <summary>The factor per degree l = 0..L.</summary>
    public static double[] PerDegree(SphericalLayout layout)
    {
        var s = new double[layout.LMax + 1];
        for (var l = 0; l <= layout.LMax; l++)
        {
            s[l] = l > layout.MMax ? Math.Sqrt(((2.0 * l) + 1) / ((2.0 * layout.MMax) + 1)) : 1.0;
        }

        return s;
    }

    /// <summary>
    /// The reference's dense [K, Kr] factor: S_l where the full row and reduced column have the same degree l,
    /// 1 elsewhere (those entries multiply zeros of the block-diagonal Wigner matrix).
    /// </summary>
    public static double[] Dense(SphericalLayout layout)
    {
        var perL = PerDegree(layout);
        var rowL = layout.FullL();
        var colL = layout.ReducedL();
        var s = new double[rowL.Length * colL.Length];
        for (var r = 0; r < rowL.Length; r++)
        {
            for (var c = 0; c < colL.Length; c++)
            {
                s[(r * colL.Length) + c] = rowL[r] == colL[c] ? perL[rowL[r]] : 1.0;
            }
        }

        return s;
    }
}
