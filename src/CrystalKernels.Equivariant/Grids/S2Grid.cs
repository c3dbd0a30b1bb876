using CrystalKernels.Equivariant.Layout;
using CrystalKernels.Equivariant.So3;
using CrystalKernels.Tensors;

namespace CrystalKernels.Equivariant.Grids;

/// <summary>
/// The S2 grid projections of an SO(3) embedding truncated to |m| ≤ MMax (paper-spec §3.11; e3nn ToS2Grid/FromS2Grid
/// with normalisation 'component', FORK SO3_Grid). Grid points β_b = π(b + ½)/res_beta, α_a = 2π a/res_alpha.
/// For coefficient i = (l, m) of the reduced layout and r_l = sqrt((2l+1)/(2M+1)) when l &gt; M and M &lt; L (else 1):
/// T[b,a,i] = r_l √(4π)/(√(2l+1) √(L+1)) Ŷ_{l,m}(α_a, β_b) and F[b,a,i] = r_l √(4π) √(2l+1) √(L+1) Ŷ_{l,m} qw_b with
/// qw_b = w_b res_beta²/res_alpha. To grid: G[b,a] = Σ_i T[b,a,i] x_i; back: x_i = Σ_{b,a} F[b,a,i] G[b,a].
/// Both are linear maps whose backward is the transpose (style P4).
/// </summary>
public sealed class S2Grid
{
    private S2Grid(SphericalLayout layout, int resBeta, int resAlpha)
    {
        Layout = layout;
        ResBeta = resBeta;
        ResAlpha = resAlpha;
        Beta = Enumerable.Range(0, resBeta).Select(b => Math.PI * (b + 0.5) / resBeta).ToArray();
        Alpha = Enumerable.Range(0, resAlpha).Select(a => 2 * Math.PI * a / resAlpha).ToArray();
        QuadratureWeight = S2Quadrature.Weights(resBeta).Select(w => w * resBeta * resBeta / resAlpha).ToArray();
        (ToGrid, FromGrid) = Build();
    }

    /// <summary>(L, M) of the coefficients the grid reads and writes (Kr of them, reduced l-major).</summary>
    public SphericalLayout Layout { get; }

    public int ResBeta { get; }

    public int ResAlpha { get; }

    /// <summary>Grid point count G = res_beta · res_alpha.</summary>
    public int Points => ResBeta * ResAlpha;

    /// <summary>Polar angles β_b [res_beta] (rad).</summary>
    public double[] Beta { get; }

    /// <summary>Azimuths α_a [res_alpha] (rad).</summary>
    public double[] Alpha { get; }

    /// <summary>qw_b = w_b · res_beta² / res_alpha [res_beta], folded into <see cref="FromGrid"/>.</summary>
    public double[] QuadratureWeight { get; }

    /// <summary>T, row-major [res_beta, res_alpha, Kr].</summary>
    public double[] ToGrid { get; }

    /// <summary>F, row-major [res_beta, res_alpha, Kr].</summary>
    public double[] FromGrid { get; }

    /// <summary>
    /// The grid for (lMax, mMax). With no explicit resolution (the paper config): res_beta = 2(L+1) and
    /// res_alpha = 2M+1 when M &lt; L, else 2(M+1)+1; with one (OC20 configs: 18), both equal it.
    /// </summary>
    public static S2Grid Create(int lMax, int mMax, int? resolution = null)
    {
        var layout = new SphericalLayout(lMax, mMax);
        var resBeta = resolution ?? (2 * (lMax + 1));
        var resAlpha = resolution ?? (mMax < lMax ? (2 * mMax) + 1 : (2 * (mMax + 1)) + 1);
        if (resBeta % 2 != 0 || resBeta / 2 < lMax + 1)
        {
            throw new ArgumentOutOfRangeException(nameof(resolution), $"S2Grid: res_beta {resBeta} must be even and ≥ 2(L+1) = {2 * (lMax + 1)}");
        }

        return new S2Grid(layout, resBeta, resAlpha);
    }

    /// <summary>T or F as a [G, Kr] tensor of the given dtype (rounded once from double).</summary>
    public static Tensor AsMatrix(double[] matrix, int points, DType dtype)
    {
        var cols = matrix.Length / points;
        return dtype == DType.Float32
            ? Tensor.FromArray(matrix.Select(v => (float)v).ToArray(), points, cols)
            : Tensor.FromArray((double[])matrix.Clone(), points, cols);
    }

    private (double[] To, double[] From) Build()
    {
        var lMax = Layout.LMax;
        var mMax = Layout.MMax;
        var redL = Layout.ReducedL();
        var redM = Layout.ReducedM();
        var kr = redL.Length;
        var to = new double[Points * kr];
        var from = new double[Points * kr];
        for (var b = 0; b < ResBeta; b++)
        {
            var p = RealSphericalHarmonics.NormalizedLegendre(lMax, Math.Cos(Beta[b]), Math.Sin(Beta[b]));
            for (var a = 0; a < ResAlpha; a++)
            {
                for (var i = 0; i < kr; i++)
                {
                    var (l, m) = (redL[i], redM[i]);
                    var r = l > mMax && mMax < lMax ? Math.Sqrt(((2.0 * l) + 1) / ((2.0 * mMax) + 1)) : 1.0;
                    var y = p[RealSphericalHarmonics.Tri(l, Math.Abs(m))] * RealSphericalHarmonics.Azimuthal(m, Alpha[a]);
                    var root = Math.Sqrt((2.0 * l) + 1) * Math.Sqrt(lMax + 1.0);
                    var at = (((b * ResAlpha) + a) * kr) + i;
                    to[at] = r * Math.Sqrt(4 * Math.PI) / root * y;
                    from[at] = r * Math.Sqrt(4 * Math.PI) * root * y * QuadratureWeight[b];
                }
            }
        }

        return (to, from);
    }
}
