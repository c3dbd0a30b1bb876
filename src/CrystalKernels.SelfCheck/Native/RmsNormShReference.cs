namespace CrystalKernels.SelfCheck.Native;

/// <summary>
/// Float64 statement of rms_norm_sh (paper-spec §3.14), written straight from the formula as the oracle for the GPU
/// kernel: centre row 0 over channels, ms = mean_c Σ_l (1/(L+1))(1/(2l+1)) Σ_m x'², y = x'·(ms+eps)^−½·γ[l] (+β on row 0).
/// </summary>
internal static class RmsNormShReference
{
    public static double[] Forward(double[] x, double[] gamma, double[] beta, int nodes, int lMax, int c, double eps)
    {
        var k = (lMax + 1) * (lMax + 1);
        var y = new double[x.Length];
        for (var n = 0; n < nodes; n++)
        {
            var b = n * k * c;
            var mean = 0.0;
            for (var ch = 0; ch < c; ch++)
            {
                mean += x[b + ch];
            }

            mean /= c;
            double Xp(int i, int ch) => x[b + (i * c) + ch] - (i == 0 ? mean : 0.0);
            var ms = 0.0;
            for (var l = 0; l <= lMax; l++)
            {
                for (var i = l * l; i < (l + 1) * (l + 1); i++)
                {
                    for (var ch = 0; ch < c; ch++)
                    {
                        ms += Xp(i, ch) * Xp(i, ch) / ((lMax + 1) * ((2.0 * l) + 1));
                    }
                }
            }

            var s = 1.0 / Math.Sqrt((ms / c) + eps);
            for (var l = 0; l <= lMax; l++)
            {
                for (var i = l * l; i < (l + 1) * (l + 1); i++)
                {
                    for (var ch = 0; ch < c; ch++)
                    {
                        y[b + (i * c) + ch] = (Xp(i, ch) * s * gamma[(l * c) + ch]) + (i == 0 ? beta[ch] : 0.0);
                    }
                }
            }
        }

        return y;
    }

    /// <summary>Central difference of Σ dy·y with respect to every entry of <paramref name="wrt"/> (one of x, gamma, beta).</summary>
    public static double[] NumericGradient(Func<double[]> loss, double[] wrt, double h = 1e-6)
    {
        var g = new double[wrt.Length];
        for (var i = 0; i < wrt.Length; i++)
        {
            var v = wrt[i];
            wrt[i] = v + h;
            var up = loss()[0];
            wrt[i] = v - h;
            var down = loss()[0];
            wrt[i] = v;
            g[i] = (up - down) / (2 * h);
        }

        return g;
    }
}
