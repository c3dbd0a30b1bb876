using ILGPU;
using ILGPU.Algorithms;

namespace CrystalKernels.Gpu.Kernels;

/// <summary>
/// Device code of the reduce family. An axis reduction is one thread per output (o, i) that walks the axis in
/// ascending order, accumulating in double; a reduction to one scalar is two fixed stages (partials of
/// <see cref="ChunkGrain"/> items, then one thread adding the partials in order). Softmax is one thread per row.
/// Every order depends on the shape only, so results are bitwise repeatable on one device.
/// </summary>
internal static class ReduceKernels
{
    /// <summary>Items per partial of a two-stage scalar reduction.</summary>
    public const int ChunkGrain = 4096;

    /// <summary>Terms of <see cref="Partial{T, TE}"/>: x, (x - t)², |x - t|.</summary>
    public const int TermValue = 0, TermSquaredDiff = 1, TermAbsDiff = 2;

    public static void Sum<T, TE>(Index1D q, ArrayView<T> x, ArrayView<T> y, int n, int inner, double scale)
        where T : unmanaged
        where TE : struct, IElem<T>
    {
        var e = default(TE);
        var o = q / inner;
        var i = q - o * inner;
        var acc = 0.0;
        for (var a = 0; a < n; a++)
        {
            acc += e.Load(x[(o * n + a) * inner + i]);
        }

        y[q] = e.Store(acc * scale);
    }

    public static void SumGrad<T, TE>(Index1D p, ArrayView<T> dy, ArrayView<T> dx, int n, int inner, double scale)
        where T : unmanaged
        where TE : struct, IElem<T>
    {
        var e = default(TE);
        var o = p / (n * inner);
        var i = p - (p / inner) * inner;
        dx[p] = e.Store(e.Load(dx[p]) + scale * e.Load(dy[o * inner + i]));
    }

    /// <summary>partial[c] = Σ of the chosen term over items [c·grain, (c+1)·grain) ∩ [0, n), ascending.</summary>
    public static void Partial<T, TE>(Index1D c, ArrayView<T> x, ArrayView<T> t, ArrayView<double> partial, int n, int term)
        where T : unmanaged
        where TE : struct, IElem<T>
    {
        var e = default(TE);
        var end = XMath.Min(n, (c + 1) * ChunkGrain);
        var acc = 0.0;
        for (var i = c * ChunkGrain; i < end; i++)
        {
            var v = e.Load(x[i]);
            if (term != TermValue)
            {
                v -= e.Load(t[i]);
                v = term == TermSquaredDiff ? v * v : XMath.Abs(v);
            }

            acc += v;
        }

        partial[c] = acc;
    }

    /// <summary>y[0] = (Σ partials in order) * scale / divisor; one thread.</summary>
    public static void Finish<T, TE>(Index1D q, ArrayView<double> partial, ArrayView<T> y, int count, double scale, double divisor)
        where T : unmanaged
        where TE : struct, IElem<T>
    {
        var acc = 0.0;
        for (var c = 0; c < count; c++)
        {
            acc += partial[c];
        }

        y[0] = default(TE).Store(acc * scale / divisor);
    }

    /// <summary>First arg-max along the axis; a NaN wins over numbers (as torch.max and the CPU kernel).</summary>
    public static void Max<T, TE>(Index1D q, ArrayView<T> x, ArrayView<T> y, ArrayView<int> arg, int n, int inner)
        where T : unmanaged
        where TE : struct, IElem<T>
    {
        var e = default(TE);
        var o = q / inner;
        var i = q - o * inner;
        var best = e.Load(x[o * n * inner + i]);
        var at = 0;
        for (var a = 1; a < n; a++)
        {
            var v = e.Load(x[(o * n + a) * inner + i]);
            if (v > best || (double.IsNaN(v) && !double.IsNaN(best)))
            {
                best = v;
                at = a;
            }
        }

        y[q] = e.Store(best);
        arg[q] = at;
    }

    public static void MaxGrad<T, TE>(Index1D q, ArrayView<T> dy, ArrayView<int> arg, ArrayView<T> dx, int n, int inner)
        where T : unmanaged
        where TE : struct, IElem<T>
    {
        var e = default(TE);
        var o = q / inner;
        var i = q - o * inner;
        var p = (o * n + arg[q]) * inner + i;
        dx[p] = e.Store(e.Load(dx[p]) + e.Load(dy[q]));
    }

    public static void Softmax<T, TE>(Index1D r, ArrayView<T> x, ArrayView<T> y, int cols, int log)
        where T : unmanaged
        where TE : struct, IElem<T>
    {
        var e = default(TE);
        var b = r * cols;
        var max = e.Load(x[b]);
        for (var j = 1; j < cols; j++)
        {
            max = XMath.Max(max, e.Load(x[b + j]));
        }

        var sum = 0.0;
        for (var j = 0; j < cols; j++)
        {
            sum += XMath.Exp(e.Load(x[b + j]) - max);
        }

        var logSum = XMath.Log(sum);
        for (var j = 0; j < cols; j++)
        {
            var s = e.Load(x[b + j]) - max;
            y[b + j] = e.Store(log != 0 ? s - logSum : XMath.Exp(s) / sum);
        }
    }

    public static void SoftmaxGrad<T, TE>(Index1D r, ArrayView<T> y, ArrayView<T> dy, ArrayView<T> dx, int cols, int log)
        where T : unmanaged
        where TE : struct, IElem<T>
    {
        var e = default(TE);
        var b = r * cols;
        var dot = 0.0;
        for (var j = 0; j < cols; j++)
        {
            dot += log != 0 ? e.Load(dy[b + j]) : e.Load(dy[b + j]) * e.Load(y[b + j]);
        }

        for (var j = 0; j < cols; j++)
        {
            var yv = e.Load(y[b + j]);
            var g = e.Load(dy[b + j]);
            dx[b + j] = e.Store(e.Load(dx[b + j]) + (log != 0 ? g - XMath.Exp(yv) * dot : yv * (g - dot)));
        }
    }
}
