using ILGPU.Algorithms;

namespace CrystalKernels.Gpu.Kernels;

/// <summary>
/// erf/erfc and the normal CDF/PDF in double for device code (the exact GELU), with the same series and continued
/// fraction as the CPU reference (CpuElementwiseMath): positive series below 2, modified Lentz for erfc above.
/// </summary>
internal static class GpuMath
{
    private const double TwoOverSqrtPi = 1.1283791670955126;
    private const double OneOverSqrtPi = 0.5641895835477563;
    private const double InvSqrt2 = 0.7071067811865476;

    public static double NormalCdf(double x) => 0.5 * Erfc(-x * InvSqrt2);

    public static double NormalPdf(double x) => OneOverSqrtPi * InvSqrt2 * XMath.Exp(-0.5 * x * x);

    public static double Erf(double x)
    {
        var a = XMath.Abs(x);
        var r = a < 2.0 ? ErfSeries(a) : 1.0 - ErfcContinuedFraction(a);
        return x < 0 ? -r : r;
    }

    public static double Erfc(double x) =>
        x < 0 ? 1.0 + Erf(-x) : x < 2.0 ? 1.0 - ErfSeries(x) : ErfcContinuedFraction(x);

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

        return TwoOverSqrtPi * a * XMath.Exp(-a2) * sum;
    }

    private static double ErfcContinuedFraction(double a)
    {
        if (double.IsNaN(a))
        {
            return a;
        }

        if (a > 27.5)
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
            d = XMath.Abs(d) < tiny ? tiny : d;
            c = a + aj / c;
            c = XMath.Abs(c) < tiny ? tiny : c;
            d = 1.0 / d;
            var delta = c * d;
            f *= delta;
            if (XMath.Abs(delta - 1.0) < 1e-16)
            {
                break;
            }
        }

        return OneOverSqrtPi * XMath.Exp(-a * a) / f;
    }
}
