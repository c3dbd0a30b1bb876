using System.Numerics;

namespace CrystalKernels.Tensors.Backends.Cpu;

// Both GELU forms evaluate in double for either dtype: erf has no SIMD primitive, and widening keeps float32 and
// float64 on one accurate definition (float32 results are the correctly rounded double results).

/// <summary>
/// Exact GELU (PyTorch approximate='none'): y = x Phi(x), Phi the standard normal CDF;
/// dy/dx = Phi(x) + x phi(x), phi the normal density. Phi uses erfc, so the left tail keeps its relative accuracy.
/// </summary>
internal readonly struct GeluOperator<T> : IUnaryForward<T>, IUnaryDerivative<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    public static T Forward(T x, T p0, T p1)
    {
        var v = double.CreateTruncating(x);
        return T.CreateTruncating(v * CpuElementwiseMath.NormalCdf(v));
    }

    public static T Derivative(T x, T y, T p0, T p1)
    {
        var v = double.CreateTruncating(x);
        return T.CreateTruncating(CpuElementwiseMath.NormalCdf(v) + v * CpuElementwiseMath.NormalPdf(v));
    }
}

/// <summary>
/// Tanh GELU (PyTorch approximate='tanh'): y = x (1 + tanh(u)) / 2 with u = sqrt(2/pi) (x + 0.044715 x^3).
/// Written as y = x s, s = sigmoid(2u) = (1 + tanh u) / 2, which avoids the cancellation 1 + tanh(u) for x &lt;&lt; 0.
/// dy/dx = s + x s (1 - s) 2 u', u' = sqrt(2/pi) (1 + 3 * 0.044715 x^2).
/// </summary>
internal readonly struct GeluTanhOperator<T> : IUnaryForward<T>, IUnaryDerivative<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private const double SqrtTwoOverPi = 0.7978845608028654;
    private const double Cubic = 0.044715;

    public static T Forward(T x, T p0, T p1)
    {
        var v = double.CreateTruncating(x);
        return T.CreateTruncating(v * S(v));
    }

    public static T Derivative(T x, T y, T p0, T p1)
    {
        var v = double.CreateTruncating(x);
        var s = S(v);
        var du = SqrtTwoOverPi * (1.0 + 3.0 * Cubic * v * v);
        return T.CreateTruncating(s + v * s * (1.0 - s) * 2.0 * du);
    }

    private static double S(double v) => 1.0 / (1.0 + Math.Exp(-2.0 * SqrtTwoOverPi * (v + Cubic * v * v * v)));
}
