namespace CrystalKernels.Equivariant.So3;

/// <summary>
/// The e3nn real spherical harmonics with polar axis y (paper-spec §3.2), orthonormal on the sphere ("integral"
/// normalisation): Y_{l,m}(α, β) = N_{l,|m|} P_l^{|m|}(cos β) S_m(α), with N = sqrt((2l+1)/(4π) (l−|m|)!/(l+|m|)!),
/// P the associated Legendre function without the Condon–Shortley phase, and S_m = √2 sin(|m|α) (m &lt; 0), 1 (m = 0),
/// √2 cos(mα) (m &gt; 0). A direction is (sin β sin α, cos β, sin β cos α), so Y_1 ∝ (x, y, z).
/// </summary>
public static class RealSphericalHarmonics
{
    /// <summary>
    /// N_{l,m} P_l^m(cos β) for l = 0..lMax, m = 0..l, stored at [l (l+1)/2 + m]. Upward recurrence in m, then in l;
    /// sin β ≥ 0 on [0, π].
    /// </summary>
    public static double[] NormalizedLegendre(int lMax, double cosBeta, double sinBeta)
    {
        var p = new double[(lMax + 1) * (lMax + 2) / 2];
        for (var m = 0; m <= lMax; m++)
        {
            // P_m^m = (2m−1)!! sin^m β (no Condon–Shortley phase).
            var pmm = 1.0;
            for (var k = 1; k <= m; k++)
            {
                pmm *= ((2 * k) - 1) * sinBeta;
            }

            var prev2 = 0.0;
            var prev1 = pmm;
            p[Tri(m, m)] = pmm;
            for (var l = m + 1; l <= lMax; l++)
            {
                // (l − m) P_l^m = (2l − 1) z P_{l−1}^m − (l + m − 1) P_{l−2}^m.
                var pl = ((((2 * l) - 1) * cosBeta * prev1) - ((l + m - 1) * prev2)) / (l - m);
                p[Tri(l, m)] = pl;
                prev2 = prev1;
                prev1 = pl;
            }
        }

        for (var l = 0; l <= lMax; l++)
        {
            for (var m = 0; m <= l; m++)
            {
                p[Tri(l, m)] *= Math.Sqrt(((2 * l) + 1) / (4 * Math.PI) * FactorialRatio(l - m, l + m));
            }
        }

        return p;
    }

    /// <summary>S_m(α) for m = −l..l at index m + l (e3nn spherical_harmonics_alpha).</summary>
    public static double Azimuthal(int m, double alpha) => m switch
    {
        < 0 => Math.Sqrt(2) * Math.Sin(-m * alpha),
        0 => 1.0,
        _ => Math.Sqrt(2) * Math.Cos(m * alpha),
    };

    /// <summary>Y_{l,m} at angles (α, β), full l-major layout [(L+1)²].</summary>
    public static double[] AtAngles(int lMax, double alpha, double beta)
    {
        var p = NormalizedLegendre(lMax, Math.Cos(beta), Math.Sin(beta));
        var y = new double[(lMax + 1) * (lMax + 1)];
        for (var l = 0; l <= lMax; l++)
        {
            for (var m = -l; m <= l; m++)
            {
                y[(l * l) + l + m] = p[Tri(l, Math.Abs(m))] * Azimuthal(m, alpha);
            }
        }

        return y;
    }

    /// <summary>Y at a unit direction (x, y, z): β = acos(y), α = atan2(x, z) (paper-spec §3.2).</summary>
    public static double[] AtDirection(int lMax, double x, double y, double z)
    {
        var n = Math.Sqrt((x * x) + (y * y) + (z * z));
        return AtAngles(lMax, Math.Atan2(x / n, z / n), Math.Acos(Math.Clamp(y / n, -1.0, 1.0)));
    }

    /// <summary>Packed index of (l, m ≥ 0) in <see cref="NormalizedLegendre"/>.</summary>
    public static int Tri(int l, int m) => (l * (l + 1) / 2) + m;

    /// <summary>a! / b! for a ≤ b, as a product of the b − a factors (no overflow for the degrees used here).</summary>
    private static double FactorialRatio(int a, int b)
    {
        var r = 1.0;
        for (var k = a + 1; k <= b; k++)
        {
            r /= k;
        }

        return r;
    }
}
