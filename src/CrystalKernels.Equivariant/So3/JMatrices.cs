namespace CrystalKernels.Equivariant.So3;

/// <summary>
/// The e3nn J matrices (paper-spec §3.5 step 6): J_l = D^l(P) for the improper map P: (x, y, z) ↦ (−y, −x, z), i.e.
/// Y^l(P x) = J_l Y^l(x). With them, D^l(α, β, γ) = X_l(α) J_l X_l(β) J_l X_l(γ). Generated in double by least squares
/// over a fixed Fibonacci point set on the sphere (more points than unknowns, so the normal equations are well
/// conditioned): G = Σ_k Y(x_k) Y(x_k)ᵀ, H = Σ_k Y(P x_k) Y(x_k)ᵀ, J = H G⁻¹. Symmetric involutions up to rounding.
/// </summary>
public static class JMatrices
{
    private static readonly Lock Gate = new();
    private static readonly List<double[]> Cache = [];

    /// <summary>J_l as a (2l+1)×(2l+1) row-major matrix, rows and columns m = −l..l (index m + l). Cached; do not mutate.</summary>
    public static double[] Of(int l)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(l);
        lock (Gate)
        {
            while (Cache.Count <= l)
            {
                Cache.Add(Generate(Cache.Count));
            }

            return Cache[l];
        }
    }

    private static double[] Generate(int l)
    {
        var n = (2 * l) + 1;
        var points = 4 * n * n;
        var g = new double[n * n];
        var h = new double[n * n];
        var golden = Math.PI * (3 - Math.Sqrt(5));
        for (var k = 0; k < points; k++)
        {
            // Fibonacci lattice: evenly spread, deterministic, never on the poles.
            var y = 1 - ((2.0 * k) + 1) / points;
            var rho = Math.Sqrt(1 - (y * y));
            var phi = golden * k;
            var (x, z) = (rho * Math.Sin(phi), rho * Math.Cos(phi));
            var a = Block(l, x, y, z);
            var b = Block(l, -y, -x, z);
            for (var i = 0; i < n; i++)
            {
                for (var j = 0; j < n; j++)
                {
                    g[(i * n) + j] += a[i] * a[j];
                    h[(i * n) + j] += b[i] * a[j];
                }
            }
        }

        // J G = H with G symmetric ⇒ G Jᵀ = Hᵀ.
        var ht = Transpose(h, n);
        return Transpose(SmallMatrix.SolveSpd(g, ht, n), n);
    }

    private static double[] Block(int l, double x, double y, double z) =>
        RealSphericalHarmonics.AtDirection(l, x, y, z)[(l * l)..((l + 1) * (l + 1))];

    private static double[] Transpose(double[] a, int n)
    {
        var t = new double[n * n];
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j < n; j++)
            {
                t[(j * n) + i] = a[(i * n) + j];
            }
        }

        return t;
    }
}
