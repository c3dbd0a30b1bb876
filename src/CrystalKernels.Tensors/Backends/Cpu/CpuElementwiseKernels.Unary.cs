using System.Numerics;
using System.Numerics.Tensors;
using CrystalKernels.Tensors.Kernels;

namespace CrystalKernels.Tensors.Backends.Cpu;

/// <summary>
/// Unary elementwise forward and backward. The forward calls TensorPrimitives where it has the function (SIMD, both
/// dtypes) and an operator struct otherwise; the backward is one fused loop dx += dy * TDerivative(x, y). Both run
/// over fixed chunks of <see cref="UnaryGrain"/> elements, so results do not depend on the thread count.
/// </summary>
public sealed partial class CpuElementwiseKernels
{
    /// <summary>Elements per parallel chunk: large enough that scheduling costs little against the SIMD loop.</summary>
    internal const int UnaryGrain = 32 * 1024;

    public void Unary(UnaryOp op, Tensor x, Tensor y, double p0, double p1)
    {
        if (x.DType == DType.Float32)
        {
            Unary<float>(op, x, y, (float)p0, (float)p1);
        }
        else
        {
            Unary<double>(op, x, y, p0, p1);
        }
    }

    public void UnaryBackward(UnaryOp op, Tensor x, Tensor y, Tensor dy, Tensor dx, double p0, double p1)
    {
        if (x.DType == DType.Float32)
        {
            UnaryBackward<float>(op, x, y, dy, dx, (float)p0, (float)p1);
        }
        else
        {
            UnaryBackward<double>(op, x, y, dy, dx, p0, p1);
        }
    }

    private static void Unary<T>(UnaryOp op, Tensor tx, Tensor ty, T p0, T p1)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        CpuParallel.For(tx.Numel, UnaryGrain, (s, e) =>
        {
            ReadOnlySpan<T> x = tx.Span<T>()[(int)s..(int)e];
            var y = ty.Span<T>()[(int)s..(int)e];
            UnaryChunk(op, x, y, p0, p1);
        });
    }

    private static void UnaryChunk<T>(UnaryOp op, ReadOnlySpan<T> x, Span<T> y, T p0, T p1)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        switch (op)
        {
            case UnaryOp.Exp: TensorPrimitives.Exp(x, y); break;
            case UnaryOp.Log: TensorPrimitives.Log(x, y); break;
            case UnaryOp.Sqrt: TensorPrimitives.Sqrt(x, y); break;
            case UnaryOp.Rsqrt: TensorPrimitives.ReciprocalSqrt(x, y); break;
            case UnaryOp.Pow: TensorPrimitives.Pow(x, p0, y); break;
            case UnaryOp.Neg: TensorPrimitives.Negate(x, y); break;
            case UnaryOp.Abs: TensorPrimitives.Abs(x, y); break;
            case UnaryOp.Sigmoid: TensorPrimitives.Sigmoid(x, y); break;
            case UnaryOp.Tanh: TensorPrimitives.Tanh(x, y); break;
            case UnaryOp.Silu:
                // Two SIMD passes: y = sigmoid(x), then y = x * y.
                TensorPrimitives.Sigmoid(x, y);
                TensorPrimitives.Multiply(x, y, y);
                break;
            case UnaryOp.LeakyRelu: Map<T, LeakyReluOperator<T>>(x, y, p0, p1); break;
            case UnaryOp.Gelu: Map<T, GeluOperator<T>>(x, y, p0, p1); break;
            case UnaryOp.GeluTanh: Map<T, GeluTanhOperator<T>>(x, y, p0, p1); break;
            case UnaryOp.Clamp: TensorPrimitives.Clamp(x, p0, p1, y); break;
            case UnaryOp.Scale: TensorPrimitives.Multiply(x, p0, y); break;
            case UnaryOp.AddScalar: TensorPrimitives.Add(x, p0, y); break;
            default: throw new NotSupportedException($"cpu Unary: {op} has no forward kernel");
        }
    }

    private static void UnaryBackward<T>(UnaryOp op, Tensor tx, Tensor ty, Tensor tdy, Tensor tdx, T p0, T p1)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        CpuParallel.For(tx.Numel, UnaryGrain, (s, e) =>
        {
            var r = (int)s..(int)e;
            ReadOnlySpan<T> x = tx.Span<T>()[r];
            ReadOnlySpan<T> y = ty.Span<T>()[r];
            ReadOnlySpan<T> dy = tdy.Span<T>()[r];
            var dx = tdx.Span<T>()[r];
            switch (op)
            {
                case UnaryOp.Exp: Accumulate<T, ExpOperator<T>>(x, y, dy, dx, p0, p1); break;
                case UnaryOp.Log: Accumulate<T, LogOperator<T>>(x, y, dy, dx, p0, p1); break;
                case UnaryOp.Sqrt: Accumulate<T, SqrtOperator<T>>(x, y, dy, dx, p0, p1); break;
                case UnaryOp.Rsqrt: Accumulate<T, RsqrtOperator<T>>(x, y, dy, dx, p0, p1); break;
                case UnaryOp.Pow: Accumulate<T, PowOperator<T>>(x, y, dy, dx, p0, p1); break;
                case UnaryOp.Neg: Accumulate<T, NegOperator<T>>(x, y, dy, dx, p0, p1); break;
                case UnaryOp.Abs: Accumulate<T, AbsOperator<T>>(x, y, dy, dx, p0, p1); break;
                case UnaryOp.Sigmoid: Accumulate<T, SigmoidOperator<T>>(x, y, dy, dx, p0, p1); break;
                case UnaryOp.Tanh: Accumulate<T, TanhOperator<T>>(x, y, dy, dx, p0, p1); break;
                case UnaryOp.Silu: Accumulate<T, SiluOperator<T>>(x, y, dy, dx, p0, p1); break;
                case UnaryOp.LeakyRelu: Accumulate<T, LeakyReluOperator<T>>(x, y, dy, dx, p0, p1); break;
                case UnaryOp.Gelu: Accumulate<T, GeluOperator<T>>(x, y, dy, dx, p0, p1); break;
                case UnaryOp.GeluTanh: Accumulate<T, GeluTanhOperator<T>>(x, y, dy, dx, p0, p1); break;
                case UnaryOp.Clamp: Accumulate<T, ClampOperator<T>>(x, y, dy, dx, p0, p1); break;
                case UnaryOp.Scale: Accumulate<T, ScaleOperator<T>>(x, y, dy, dx, p0, p1); break;
                case UnaryOp.AddScalar: Accumulate<T, AddScalarOperator<T>>(x, y, dy, dx, p0, p1); break;
                default: throw new NotSupportedException($"cpu UnaryBackward: {op} has no backward kernel");
            }
        });
    }

    /// <summary>y[i] = TOp.Forward(x[i]) for ops TensorPrimitives does not have.</summary>
    private static void Map<T, TOp>(ReadOnlySpan<T> x, Span<T> y, T p0, T p1)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TOp : struct, IUnaryForward<T>
    {
        for (var i = 0; i < x.Length; i++)
        {
            y[i] = TOp.Forward(x[i], p0, p1);
        }
    }

    /// <summary>dx[i] += dy[i] * TOp.Derivative(x[i], y[i]); the struct call inlines into the loop.</summary>
    private static void Accumulate<T, TOp>(ReadOnlySpan<T> x, ReadOnlySpan<T> y, ReadOnlySpan<T> dy, Span<T> dx, T p0, T p1)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TOp : struct, IUnaryDerivative<T>
    {
        for (var i = 0; i < x.Length; i++)
        {
            dx[i] += dy[i] * TOp.Derivative(x[i], y[i], p0, p1);
        }
    }
}

/// <summary>Scalar forward of a unary op: y = f(x; p0, p1).</summary>
internal interface IUnaryForward<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    static abstract T Forward(T x, T p0, T p1);
}

/// <summary>Scalar derivative of a unary op, dy/dx, from the input x and/or the saved output y = f(x).</summary>
internal interface IUnaryDerivative<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    static abstract T Derivative(T x, T y, T p0, T p1);
}
