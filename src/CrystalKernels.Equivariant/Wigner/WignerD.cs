using CrystalKernels.Equivariant.So3;

namespace CrystalKernels.Equivariant.Wigner;

/// <summary>
/// Wigner-D blocks in the e3nn real basis from Y-X-Y Euler angles (paper-spec §3.5 step 6, Appendix A):
/// D^l(α, β, γ) = X_l(α) J_l X_l(β) J_l X_l(γ), with D^l(R) Y^l(x) = Y^l(R x), D orthogonal and D^1(R) = R.
/// </summary>
public static class WignerD
{
    /// <summary>D^l, (2l+1)×(2l+1) row-major, rows m' and columns m = −l..l (index m + l).</summary>
    public static double[] Block(int l, double alpha, double beta, double gamma)
    {
        var n = (2 * l) + 1;
        var j = JMatrices.Of(l);
        var jxj = SmallMatrix.Multiply(YRotation.RightMultiply(l, beta, j), j, n);
        return YRotation.RightMultiply(l, gamma, YRotation.LeftMultiply(l, alpha, jxj));
    }

    /// <summary>All blocks l = 0..lMax of the rotation with these angles.</summary>
    public static double[][] Blocks(int lMax, double alpha, double beta, double gamma)
    {
        var blocks = new double[lMax + 1][];
        for (var l = 0; l <= lMax; l++)
        {
            blocks[l] = Block(l, alpha, beta, gamma);
        }

        return blocks;
    }
}
