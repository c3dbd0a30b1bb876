using System.Numerics;

namespace CrystalKernels.Tensors.Backends.Cpu;

// Derivatives of the arithmetic unary ops. Their forwards are TensorPrimitives calls (CpuElementwiseKernels.Unary.cs);
// each comment states the forward it differentiates.

/// <summary>y = exp(x); dy/dx = y.</summary>
internal readonly struct ExpOperator<T> : IUnaryDerivative<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    public static T Derivative(T x, T y, T p0, T p1) => y;
}

/// <summary>y = ln(x); dy/dx = 1 / x.</summary>
internal readonly struct LogOperator<T> : IUnaryDerivative<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    public static T Derivative(T x, T y, T p0, T p1) => T.One / x;
}

/// <summary>y = sqrt(x); dy/dx = 1 / (2 y).</summary>
internal readonly struct SqrtOperator<T> : IUnaryDerivative<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    public static T Derivative(T x, T y, T p0, T p1) => T.One / (y + y);
}

/// <summary>y = x^(-1/2); dy/dx = -x^(-3/2) / 2 = -y^3 / 2.</summary>
internal readonly struct RsqrtOperator<T> : IUnaryDerivative<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    public static T Derivative(T x, T y, T p0, T p1) => -(y * y * y) / (T.One + T.One);
}

/// <summary>
/// y = x^p; dy/dx = p x^(p-1). For p = 0 the derivative is 0 everywhere, also at x = 0 where 0 * x^-1 would be NaN
/// (PyTorch masks the same case).
/// </summary>
internal readonly struct PowOperator<T> : IUnaryDerivative<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    public static T Derivative(T x, T y, T p0, T p1) => p0 == T.Zero ? T.Zero : p0 * T.Pow(x, p0 - T.One);
}

/// <summary>y = -x; dy/dx = -1.</summary>
internal readonly struct NegOperator<T> : IUnaryDerivative<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    public static T Derivative(T x, T y, T p0, T p1) => -T.One;
}

/// <summary>y = |x|; dy/dx = sign(x), with sign(0) = 0 as in PyTorch.</summary>
internal readonly struct AbsOperator<T> : IUnaryDerivative<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    public static T Derivative(T x, T y, T p0, T p1) => x > T.Zero ? T.One : x < T.Zero ? -T.One : T.Zero;
}

/// <summary>y = p0 x; dy/dx = p0.</summary>
internal readonly struct ScaleOperator<T> : IUnaryDerivative<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    public static T Derivative(T x, T y, T p0, T p1) => p0;
}

/// <summary>y = x + p0; dy/dx = 1.</summary>
internal readonly struct AddScalarOperator<T> : IUnaryDerivative<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    public static T Derivative(T x, T y, T p0, T p1) => T.One;
}

/// <summary>
/// y = min(max(x, lo = p0), hi = p1); dy/dx = 1 for lo &lt;= x &lt;= hi (bounds included, as PyTorch), else 0.
/// </summary>
internal readonly struct ClampOperator<T> : IUnaryDerivative<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    public static T Derivative(T x, T y, T p0, T p1) => x >= p0 && x <= p1 ? T.One : T.Zero;
}
