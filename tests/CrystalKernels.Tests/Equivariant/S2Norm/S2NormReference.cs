using CrystalKernels.Equivariant.Grids;

namespace CrystalKernels.Tests.Equivariant.S2Norm;

/// <summary>Slow, obviously correct double loops for the ops under test (paper-spec §3.11–3.14), row-major arrays.</summary>
internal static class S2NormReference
{
    public static double Silu(double v) => v / (1 + Math.Exp(-v));

    /// <summary>G[r, p, c] = Σ_i T[p, i] x[r, i, c].</summary>
    public static double[] ToGrid(S2Grid grid, double[] x, int rows, int c)
    {
        var (p, kr) = (grid.Points, grid.Layout.KReduced);
        var g = new double[rows * p * c];
        for (var r = 0; r < rows; r++)
        {
            for (var q = 0; q < p; q++)
            {
                for (var j = 0; j < c; j++)
                {
                    var acc = 0.0;
                    for (var i = 0; i < kr; i++)
                    {
                        acc += grid.ToGrid[(q * kr) + i] * x[(((r * kr) + i) * c) + j];
                    }

                    g[(((r * p) + q) * c) + j] = acc;
                }
            }
        }

        return g;
    }

    /// <summary>x[r, i, c] = Σ_p F[p, i] G[r, p, c].</summary>
    public static double[] FromGrid(S2Grid grid, double[] g, int rows, int c)
    {
        var (p, kr) = (grid.Points, grid.Layout.KReduced);
        var x = new double[rows * kr * c];
        for (var r = 0; r < rows; r++)
        {
            for (var i = 0; i < kr; i++)
            {
                for (var j = 0; j < c; j++)
                {
                    var acc = 0.0;
                    for (var q = 0; q < p; q++)
                    {
                        acc += grid.FromGrid[(q * kr) + i] * g[(((r * p) + q) * c) + j];
                    }

                    x[(((r * kr) + i) * c) + j] = acc;
                }
            }
        }

        return x;
    }

    /// <summary>Row 0 = SiLU(scalars), rows 1.. = F(SiLU(T x)).</summary>
    public static double[] SeparableS2Silu(S2Grid grid, double[] scalars, double[] x, int rows, int c)
    {
        var kr = grid.Layout.KReduced;
        var y = FromGrid(grid, ToGrid(grid, x, rows, c).Select(Silu).ToArray(), rows, c);
        for (var r = 0; r < rows; r++)
        {
            for (var j = 0; j < c; j++)
            {
                y[(r * kr * c) + j] = Silu(scalars[(r * c) + j]);
            }
        }

        return y;
    }

    /// <summary>The §3.14 formula verbatim.</summary>
    public static double[] RmsNorm(double[] x, double[] w, double[] b, int n, int lmax, int c, double eps)
    {
        var k = (lmax + 1) * (lmax + 1);
        var y = new double[x.Length];
        for (var node = 0; node < n; node++)
        {
            var xr = x.AsSpan(node * k * c, k * c).ToArray();
            var mean = xr.Take(c).Average();
            for (var j = 0; j < c; j++)
            {
                xr[j] -= mean;
            }

            var ms = 0.0;
            for (var j = 0; j < c; j++)
            {
                for (var l = 0; l <= lmax; l++)
                {
                    for (var m = -l; m <= l; m++)
                    {
                        var v = xr[(((l * l) + l + m) * c) + j];
                        ms += v * v / ((lmax + 1) * ((2 * l) + 1));
                    }
                }
            }

            var s = 1 / Math.Sqrt((ms / c) + eps);
            for (var l = 0; l <= lmax; l++)
            {
                for (var m = -l; m <= l; m++)
                {
                    var i = (l * l) + l + m;
                    for (var j = 0; j < c; j++)
                    {
                        y[(((node * k) + i) * c) + j] = (xr[(i * c) + j] * s * w[(l * c) + j]) + (i == 0 ? b[j] : 0);
                    }
                }
            }
        }

        return y;
    }

    /// <summary>y[n, (l,m), o] = Σ_c W[l, o, c] x[n, (l,m), c] + b[o] at coefficient 0.</summary>
    public static double[] So3Linear(double[] x, double[] w, double[] b, int n, int lmax, int cin, int cout)
    {
        var k = (lmax + 1) * (lmax + 1);
        var y = new double[n * k * cout];
        for (var node = 0; node < n; node++)
        {
            for (var i = 0; i < k; i++)
            {
                var l = (int)Math.Sqrt(i);
                for (var o = 0; o < cout; o++)
                {
                    var acc = i == 0 ? b[o] : 0.0;
                    for (var ci = 0; ci < cin; ci++)
                    {
                        acc += w[(((l * cout) + o) * cin) + ci] * x[(((node * k) + i) * cin) + ci];
                    }

                    y[(((node * k) + i) * cout) + o] = acc;
                }
            }
        }

        return y;
    }

    /// <summary>max |a − b| / max(max |b|, tiny).</summary>
    public static double RelMaxAbs(double[] a, double[] b)
    {
        Assert.That(a, Has.Length.EqualTo(b.Length));
        var (d, s) = (0.0, 0.0);
        for (var i = 0; i < a.Length; i++)
        {
            d = Math.Max(d, Math.Abs(a[i] - b[i]));
            s = Math.Max(s, Math.Abs(b[i]));
        }

        return d / Math.Max(s, 1e-300);
    }
}
