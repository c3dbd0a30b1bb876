using System.Numerics;

namespace CrystalKernels.Tensors.Backends.Cpu;

/// <summary>y = 1 / (1 + exp(-x)) (TensorPrimitives.Sigmoid); dy/dx = y (1 - y).</summary>
internal readonly struct SigmoidOperator<T> : IUnaryDerivative<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    public static T Derivative(T x, T y, T p0, T p1) => y * (T.One - y);
}

/// <summary>y = tanh(x) (TensorPrimitives.Tanh); dy/dx = 1 - y^2.</summary>
internal readonly struct TanhOperator<T> : IUnaryDerivative<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    public static T Derivative(T x, T y, T p0, T p1) => T.One - y * y;
}

/// <summary>
/// y = x s with s = sigmoid(x) (Sigmoid then Multiply in TensorPrimitives); dy/dx = s + x s (1 - s) = s (1 + x (1 - s)).
/// s is recomputed from x: it cannot be recovered from y where x = 0.
/// </summary>
internal readonly struct SiluOperator<T> : IUnaryDerivative<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    public static T Derivative(T x, T y, T p0, T p1)
    {
        var s = T.One / (T.One + T.Exp(-x));
        return s * (T.One + x * (T.One - s));
    }
}

/// <summary>y = x for x &gt; 0, slope x otherwise (slope = p0); dy/dx = 1 or slope (slope at x = 0, as PyTorch).</summary>
internal readonly struct LeakyReluOperator<T> : IUnaryForward<T>, IUnaryDerivative<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    public static T Forward(T x, T p0, T p1) => x > T.Zero ? x : p0 * x;

    public static T Derivative(T x, T y, T p0, T p1) => x > T.Zero ? T.One : p0;
}
