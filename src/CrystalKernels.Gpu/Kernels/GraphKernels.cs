using ILGPU;
using ILGPU.Algorithms;

namespace CrystalKernels.Gpu.Kernels;

/// <summary>
/// Device code of the graph family. Gathers are one thread per output element. Every reduction is one thread per
/// (destination row, column) that walks its CSR segment in ascending order, accumulating in double: deterministic,
/// no float atomics.
/// </summary>
internal static class GraphKernels
{
    public static void Gather<T, TE>(Index1D q, ArrayView<T> x, ArrayView<int> index, ArrayView<T> y, int d, int accumulate)
        where T : unmanaged
        where TE : struct, IElem<T>
    {
        var e = default(TE);
        var row = q / d;
        var s = (long)index[row] * d + (q - row * d);
        y[q] = accumulate != 0 ? e.Store(e.Load(y[q]) + e.Load(x[s])) : x[s];
    }

    /// <summary>y[n, j] (= or +=) Σ_k src[order[k], j] for k in rowPtr[n] .. rowPtr[n+1] (order = the CSR of the index).</summary>
    public static void ScatterAdd<T, TE>(Index1D q, ArrayView<T> src, ArrayView<int> rowPtr, ArrayView<int> order, ArrayView<T> y, int d, int accumulate)
        where T : unmanaged
        where TE : struct, IElem<T>
    {
        var e = default(TE);
        var n = q / d;
        var j = q - n * d;
        var acc = accumulate != 0 ? e.Load(y[q]) : 0.0;
        for (var k = rowPtr[n]; k < rowPtr[n + 1]; k++)
        {
            acc += e.Load(src[(long)order[k] * d + j]);
        }

        y[q] = e.Store(acc);
    }

    public static void SegmentSum<T, TE>(Index1D q, ArrayView<T> src, ArrayView<int> rowPtr, ArrayView<T> y, int d)
        where T : unmanaged
        where TE : struct, IElem<T>
    {
        var e = default(TE);
        var n = q / d;
        var j = q - n * d;
        var acc = 0.0;
        for (var k = rowPtr[n]; k < rowPtr[n + 1]; k++)
        {
            acc += e.Load(src[(long)k * d + j]);
        }

        y[q] = e.Store(acc);
    }

    public static void SegmentSumGrad<T, TE>(Index1D q, ArrayView<T> dy, ArrayView<int> rowPtr, ArrayView<T> dsrc, int d)
        where T : unmanaged
        where TE : struct, IElem<T>
    {
        var e = default(TE);
        var n = q / d;
        var j = q - n * d;
        var g = e.Load(dy[q]);
        for (var k = rowPtr[n]; k < rowPtr[n + 1]; k++)
        {
            var p = (long)k * d + j;
            dsrc[p] = e.Store(e.Load(dsrc[p]) + g);
        }
    }

    public static void SegmentSoftmax<T, TE>(Index1D q, ArrayView<T> x, ArrayView<int> rowPtr, ArrayView<T> y, int h)
        where T : unmanaged
        where TE : struct, IElem<T>
    {
        var e = default(TE);
        var n = q / h;
        var j = q - n * h;
        int e0 = rowPtr[n], e1 = rowPtr[n + 1];
        if (e0 == e1)
        {
            return;
        }

        var max = e.Load(x[(long)e0 * h + j]);
        for (var k = e0 + 1; k < e1; k++)
        {
            max = XMath.Max(max, e.Load(x[(long)k * h + j]));
        }

        var sum = 0.0;
        for (var k = e0; k < e1; k++)
        {
            sum += XMath.Exp(e.Load(x[(long)k * h + j]) - max);
        }

        for (var k = e0; k < e1; k++)
        {
            var p = (long)k * h + j;
            y[p] = e.Store(XMath.Exp(e.Load(x[p]) - max) / sum);
        }
    }

    public static void SegmentSoftmaxGrad<T, TE>(Index1D q, ArrayView<T> y, ArrayView<T> dy, ArrayView<int> rowPtr, ArrayView<T> dx, int h)
        where T : unmanaged
        where TE : struct, IElem<T>
    {
        var e = default(TE);
        var n = q / h;
        var j = q - n * h;
        int e0 = rowPtr[n], e1 = rowPtr[n + 1];
        var s = 0.0;
        for (var k = e0; k < e1; k++)
        {
            var p = (long)k * h + j;
            s += e.Load(dy[p]) * e.Load(y[p]);
        }

        for (var k = e0; k < e1; k++)
        {
            var p = (long)k * h + j;
            dx[p] = e.Store(e.Load(dx[p]) + (e.Load(dy[p]) - s) * e.Load(y[p]));
        }
    }
}
