namespace CrystalKernels.Tensors.Backends.Cpu;

/// <summary>
/// Scalar special functions .NET does not provide (System.Math has no erf), in double precision. Used by the exact
/// GELU; float32 callers widen to double so both dtypes share one accurate definition.
/// </summary>
internal static class CpuElementwiseMath
{
    /// <summary>Below this |x| the positive series for erf is used; above it the continued fraction for erfc.</summary>
    private const double SeriesLimit = 2.0;

    /// <summary>erfc(x) underflows to zero (below the smallest subnormal) beyond this x.</summary>
    private const double ErfcUnderflow = 27.5;

    private const double TwoOverSqrtPi = 1.1283791670955126;

    private const double OneOverSqrtPi = 0.5641895835477563;

    private const double InvSqrt2 = 0.7071067811865476;

    /// <summary>erf(x) = 2/sqrt(pi) * integral_0^x exp(-t^2) dt; NaN in, NaN out.</summary>
    public static double Erf(double x)
    {
        var a = Math.Abs(x);
        var r = a < SeriesLimit ? ErfSeries(a) : 1.0 - ErfcContinuedFraction(a);
        return x < 0 ? -r : r;
    }

    /// <summary>erfc(x) = 1 - erf(x), without cancellation for large positive x.</summary>
    public static double Erfc(double x)
    {
        if (x < 0)
        {
            return 1.0 + Erf(-x);
        }

        return x < SeriesLimit ? 1.0 - ErfSeries(x) : ErfcContinuedFraction(x);
    }

    /// <summary>Standard normal CDF Phi(x) = erfc(-x / sqrt 2) / 2, accurate in both tails.</summary>
    public static double NormalCdf(double x) => 0.5 * Erfc(-x * InvSqrt2);

    /// <summary>Standard normal density phi(x) = exp(-x^2 / 2) / sqrt(2 pi).</summary>
    public static double NormalPdf(double x) => OneOverSqrtPi * InvSqrt2 * Math.Exp(-0.5 * x * x);

    /// <summary>
    /// erf(a) for 0 &lt;= a &lt; 2 as (2/sqrt pi) a exp(-a^2) sum_n (2a^2)^n / (2n+1)!!: every term is positive, so
    /// there is no cancellation (unlike the alternating Taylor series), and ~45 terms reach double precision at a = 2.
    /// </summary>
    private static double ErfSeries(double a)
    {
        var a2 = a * a;
        var term = 1.0;
        var sum = 1.0;
        for (var n = 1; n < 200; n++)
        {
            term *= 2.0 * a2 / (2 * n + 1);
            sum += term;
            if (term <= 1e-17 * sum)
            {
                break;
            }
        }

        return TwoOverSqrtPi * a * Math.Exp(-a2) * sum;
    }

    /// <summary>
    /// erfc(a) for a &gt;= 2 from the continued fraction exp(-a^2)/sqrt(pi) / (a + (1/2)/(a + 1/(a + (3/2)/(a + ...)))),
    /// evaluated with the modified Lentz method; it converges in under 100 steps at a = 2 and faster beyond.
    /// </summary>
    private static double ErfcContinuedFraction(double a)
    {
        if (double.IsNaN(a))
        {
            return a;
        }

        if (a > ErfcUnderflow)
        {
            return 0.0;
        }

        const double tiny = 1e-300;
        var f = a;
        var c = a;
        var d = 0.0;
        for (var j = 1; j < 500; j++)
        {
            var aj = 0.5 * j;
            d = a + aj * d;
            d = Math.Abs(d) < tiny ? tiny : d;
            c = a + aj / c;
            c = Math.Abs(c) < tiny ? tiny : c;
            d = 1.0 / d;
            var delta = c * d;
            f *= delta;
            if (Math.Abs(delta - 1.0) < 1e-16)
            {
                break;
            }
        }

        return OneOverSqrtPi * Math.Exp(-a * a) / f;
    }
}
