using CrystalKernels.Tensors.Kernels;
using ILGPU;
using ILGPU.Algorithms;

namespace CrystalKernels.Gpu.Kernels;

/// <summary>
/// Device code of the elementwise family: one thread per output element. The broadcast gradient of b is one thread
/// per element of b that walks its broadcast positions in ascending order (no atomics, fixed order). Op and broadcast
/// codes are the enum values of <see cref="BinaryOp"/>, <see cref="Broadcast"/> and <see cref="UnaryOp"/>.
/// </summary>
internal static class ElementwiseKernels
{
    public static void Binary<T, TE>(Index1D i, ArrayView<T> a, ArrayView<T> b, ArrayView<T> y, int op, int mode, int cols)
        where T : unmanaged
        where TE : struct, IElem<T>
    {
        var e = default(TE);
        var av = e.Load(a[i]);
        var bv = e.Load(b[BIndex(mode, i, cols)]);
        y[i] = e.Store(op == (int)BinaryOp.Add ? av + bv : op == (int)BinaryOp.Sub ? av - bv : op == (int)BinaryOp.Mul ? av * bv : av / bv);
    }

    /// <summary>da[i] += dy[i] * d(a op b)/da.</summary>
    public static void BinaryGradA<T, TE>(Index1D i, ArrayView<T> b, ArrayView<T> dy, ArrayView<T> da, int op, int mode, int cols)
        where T : unmanaged
        where TE : struct, IElem<T>
    {
        var e = default(TE);
        var g = e.Load(dy[i]);
        var bv = e.Load(b[BIndex(mode, i, cols)]);
        var d = op == (int)BinaryOp.Add || op == (int)BinaryOp.Sub ? g : op == (int)BinaryOp.Mul ? g * bv : g / bv;
        da[i] = e.Store(e.Load(da[i]) + d);
    }

    /// <summary>db[j] += Σ over the positions i that read b[j] (ascending) of dy[i] * d(a op b)/db.</summary>
    public static void BinaryGradB<T, TE>(Index1D j, ArrayView<T> a, ArrayView<T> b, ArrayView<T> dy, ArrayView<T> db, int op, int mode, int cols, int numel)
        where T : unmanaged
        where TE : struct, IElem<T>
    {
        var e = default(TE);
        var rows = numel / XMath.Max(1, cols);
        var count = mode == (int)Broadcast.None ? 1 : mode == (int)Broadcast.Scalar ? numel : mode == (int)Broadcast.Row ? rows : cols;
        var bv = e.Load(b[j]);
        var acc = 0.0;
        for (var t = 0; t < count; t++)
        {
            var i = mode == (int)Broadcast.None ? (int)j : mode == (int)Broadcast.Scalar ? t : mode == (int)Broadcast.Row ? t * cols + j : j * cols + t;
            var g = e.Load(dy[i]);
            acc += op == (int)BinaryOp.Add ? g : op == (int)BinaryOp.Sub ? -g : op == (int)BinaryOp.Mul ? g * e.Load(a[i]) : -g * e.Load(a[i]) / (bv * bv);
        }

        db[j] = e.Store(e.Load(db[j]) + acc);
    }

    public static void Unary<T, TE>(Index1D i, ArrayView<T> x, ArrayView<T> y, int op, double p0, double p1)
        where T : unmanaged
        where TE : struct, IElem<T>
    {
        var e = default(TE);
        y[i] = e.Store(Forward(op, e.Load(x[i]), p0, p1));
    }

    public static void UnaryGrad<T, TE>(Index1D i, ArrayView<T> x, ArrayView<T> y, ArrayView<T> dy, ArrayView<T> dx, int op, double p0, double p1)
        where T : unmanaged
        where TE : struct, IElem<T>
    {
        var e = default(TE);
        dx[i] = e.Store(e.Load(dx[i]) + e.Load(dy[i]) * Derivative(op, e.Load(x[i]), e.Load(y[i]), p0, p1));
    }

    private static int BIndex(int mode, int i, int cols) =>
        mode == (int)Broadcast.None ? i : mode == (int)Broadcast.Scalar ? 0 : mode == (int)Broadcast.Row ? i % cols : i / cols;

    private static double Sigmoid(double x) => 1.0 / (1.0 + XMath.Exp(-x));

    /// <summary>sigmoid(2u) of the tanh GELU, u = sqrt(2/pi) (x + 0.044715 x^3).</summary>
    private static double GeluTanhS(double v) => 1.0 / (1.0 + XMath.Exp(-2.0 * 0.7978845608028654 * (v + 0.044715 * v * v * v)));

    private static double Forward(int op, double x, double p0, double p1)
    {
        switch (op)
        {
            case (int)UnaryOp.Exp: return XMath.Exp(x);
            case (int)UnaryOp.Log: return XMath.Log(x);
            case (int)UnaryOp.Sqrt: return XMath.Sqrt(x);
            case (int)UnaryOp.Rsqrt: return 1.0 / XMath.Sqrt(x);
            case (int)UnaryOp.Pow: return XMath.Pow(x, p0);
            case (int)UnaryOp.Neg: return -x;
            case (int)UnaryOp.Abs: return XMath.Abs(x);
            case (int)UnaryOp.Sigmoid: return Sigmoid(x);
            case (int)UnaryOp.Tanh: return XMath.Tanh(x);
            case (int)UnaryOp.Silu: return x * Sigmoid(x);
            case (int)UnaryOp.LeakyRelu: return x > 0 ? x : p0 * x;
            case (int)UnaryOp.Gelu: return x * GpuMath.NormalCdf(x);
            case (int)UnaryOp.GeluTanh: return x * GeluTanhS(x);
            case (int)UnaryOp.Clamp: return XMath.Min(XMath.Max(x, p0), p1);
            case (int)UnaryOp.Scale: return p0 * x;
            default: return x + p0;
        }
    }

    /// <summary>dy/dx from the input x and the saved output y, as the CPU operator structs define it.</summary>
    private static double Derivative(int op, double x, double y, double p0, double p1)
    {
        switch (op)
        {
            case (int)UnaryOp.Exp: return y;
            case (int)UnaryOp.Log: return 1.0 / x;
            case (int)UnaryOp.Sqrt: return 1.0 / (y + y);
            case (int)UnaryOp.Rsqrt: return -(y * y * y) / 2.0;
            case (int)UnaryOp.Pow: return p0 == 0 ? 0.0 : p0 * XMath.Pow(x, p0 - 1.0);
            case (int)UnaryOp.Neg: return -1.0;
            case (int)UnaryOp.Abs: return x > 0 ? 1.0 : x < 0 ? -1.0 : 0.0;
            case (int)UnaryOp.Sigmoid: return y * (1.0 - y);
            case (int)UnaryOp.Tanh: return 1.0 - y * y;
            case (int)UnaryOp.Silu:
                var s = Sigmoid(x);
                return s * (1.0 + x * (1.0 - s));
            case (int)UnaryOp.LeakyRelu: return x > 0 ? 1.0 : p0;
            case (int)UnaryOp.Gelu: return GpuMath.NormalCdf(x) + x * GpuMath.NormalPdf(x);
            case (int)UnaryOp.GeluTanh:
                var st = GeluTanhS(x);
                var du = 0.7978845608028654 * (1.0 + 3.0 * 0.044715 * x * x);
                return st + x * st * (1.0 - st) * 2.0 * du;
            case (int)UnaryOp.Clamp: return x >= p0 && x <= p1 ? 1.0 : 0.0;
            case (int)UnaryOp.Scale: return p0;
            default: return 1.0;
        }
    }
}
