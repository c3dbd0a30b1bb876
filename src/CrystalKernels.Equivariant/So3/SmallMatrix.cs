namespace CrystalKernels.Equivariant.So3;

/// <summary>Row-major square-matrix helpers for the small (2l+1)² blocks of SO(3) constants; plain loops in double.</summary>
internal static class SmallMatrix
{
    /// <summary>c = a · b for n×n row-major matrices.</summary>
    public static double[] Multiply(ReadOnlySpan<double> a, ReadOnlySpan<double> b, int n)
    {
        var c = new double[n * n];
        for (var i = 0; i < n; i++)
        {
            for (var k = 0; k < n; k++)
            {
                var aik = a[(i * n) + k];
                if (aik == 0)
                {
                    continue;
                }

                for (var j = 0; j < n; j++)
                {
                    c[(i * n) + j] += aik * b[(k * n) + j];
                }
            }
        }

        return c;
    }

    /// <summary>
    /// Solves g · X = rhs for symmetric positive-definite g (n×n) and n×n rhs, by Cholesky; throws when g is not
    /// positive definite (sample points that do not span the degree).
    /// </summary>
    public static double[] SolveSpd(double[] g, double[] rhs, int n)
    {
        var lo = new double[n * n];
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j <= i; j++)
            {
                var s = g[(i * n) + j];
                for (var k = 0; k < j; k++)
                {
                    s -= lo[(i * n) + k] * lo[(j * n) + k];
                }

                if (i == j)
                {
                    if (s <= 0)
                    {
                        throw new InvalidOperationException($"SolveSpd: matrix of size {n} is not positive definite (pivot {i} = {s})");
                    }

                    lo[(i * n) + i] = Math.Sqrt(s);
                }
                else
                {
                    lo[(i * n) + j] = s / lo[(j * n) + j];
                }
            }
        }

        var x = new double[n * n];
        for (var col = 0; col < n; col++)
        {
            // Forward: lo · w = rhs[:, col]; backward: loᵀ · x = w.
            var w = new double[n];
            for (var i = 0; i < n; i++)
            {
                var s = rhs[(i * n) + col];
                for (var k = 0; k < i; k++)
                {
                    s -= lo[(i * n) + k] * w[k];
                }

                w[i] = s / lo[(i * n) + i];
            }

            for (var i = n - 1; i >= 0; i--)
            {
                var s = w[i];
                for (var k = i + 1; k < n; k++)
                {
                    s -= lo[(k * n) + i] * x[(k * n) + col];
                }

                x[(i * n) + col] = s / lo[(i * n) + i];
            }
        }

        return x;
    }
}
