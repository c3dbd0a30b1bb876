namespace CrystalKernels.Equivariant.So3;

/// <summary>
/// X_l(θ) = D^l(Ry(θ)), the rotation about the polar (y) axis in the e3nn real basis (paper-spec §3.5): row i stands
/// for m = i − l; the only non-zeros are X[i, i] = cos(mθ) and X[i, 2l−i] = −sin(mθ) (the centre entry is 1).
/// Applied as a sparse two-term operator instead of a dense product.
/// </summary>
public static class YRotation
{
    /// <summary>Dense X_l(θ), (2l+1)×(2l+1) row-major.</summary>
    public static double[] Dense(int l, double theta)
    {
        var n = (2 * l) + 1;
        var x = new double[n * n];
        for (var i = 0; i < n; i++)
        {
            var m = i - l;
            x[(i * n) + (2 * l) - i] = -Math.Sin(m * theta);
            x[(i * n) + i] = Math.Cos(m * theta);
        }

        return x;
    }

    /// <summary>X_l(θ) · a for a (2l+1)×(2l+1) row-major a: row i = cos(mθ) a[i] − sin(mθ) a[2l−i].</summary>
    public static double[] LeftMultiply(int l, double theta, ReadOnlySpan<double> a)
    {
        var n = (2 * l) + 1;
        var r = new double[n * n];
        for (var i = 0; i < n; i++)
        {
            var m = i - l;
            var (c, s) = (Math.Cos(m * theta), Math.Sin(m * theta));
            var mirror = (2 * l) - i;
            for (var j = 0; j < n; j++)
            {
                r[(i * n) + j] = i == l ? a[(i * n) + j] : (c * a[(i * n) + j]) - (s * a[(mirror * n) + j]);
            }
        }

        return r;
    }

    /// <summary>a · X_l(θ): column j = cos(mθ) a[:, j] + sin(mθ) a[:, 2l−j] with m = j − l.</summary>
    public static double[] RightMultiply(int l, double theta, ReadOnlySpan<double> a)
    {
        var n = (2 * l) + 1;
        var r = new double[n * n];
        for (var j = 0; j < n; j++)
        {
            var m = j - l;
            var (c, s) = (Math.Cos(m * theta), Math.Sin(m * theta));
            var mirror = (2 * l) - j;
            for (var i = 0; i < n; i++)
            {
                // X[2l−j, j] = −sin((l − j)θ) = sin(mθ).
                r[(i * n) + j] = j == l ? a[(i * n) + j] : (c * a[(i * n) + j]) + (s * a[(i * n) + mirror]);
            }
        }

        return r;
    }
}
