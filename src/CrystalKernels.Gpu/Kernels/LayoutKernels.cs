using ILGPU;

namespace CrystalKernels.Gpu.Kernels;

/// <summary>Device code of the layout family: one thread per destination element, so no two threads write one place.</summary>
internal static class LayoutKernels
{
    /// <summary>dst[o, dstStart + a, i] (= or +=) src[o, srcStart + a, i] for a &lt; length; thread per moved element.</summary>
    public static void CopySlab<T, TE>(Index1D q, ArrayView<T> src, ArrayView<T> dst, int srcStart, int srcAxis, int dstStart, int dstAxis, int run, int inner, int accumulate)
        where T : unmanaged
        where TE : struct, IElem<T>
    {
        var e = default(TE);
        var o = q.X / run;
        var rem = q.X - o * run;
        var s = ((long)o * srcAxis + srcStart) * inner + rem;
        var d = ((long)o * dstAxis + dstStart) * inner + rem;
        dst[d] = accumulate != 0 ? e.Store(e.Load(dst[d]) + e.Load(src[s])) : src[s];
    }

    /// <summary>
    /// y (= or +=) x permuted; meta = [y dims (rank), x strides of the axes that became y's axes (rank)]. Thread per y
    /// element decomposes its index over y's dims.
    /// </summary>
    public static void Permute<T, TE>(Index1D q, ArrayView<T> x, ArrayView<T> y, ArrayView<int> meta, int rank, int accumulate)
        where T : unmanaged
        where TE : struct, IElem<T>
    {
        var e = default(TE);
        long off = 0;
        long rem = q.X;
        for (var k = rank - 1; k >= 0; k--)
        {
            var dim = meta[k];
            off += rem % dim * meta[rank + k];
            rem /= dim;
        }

        y[q] = accumulate != 0 ? e.Store(e.Load(y[q]) + e.Load(x[off])) : x[off];
    }

    public static void Accumulate<T, TE>(Index1D q, ArrayView<T> src, ArrayView<T> dst)
        where T : unmanaged
        where TE : struct, IElem<T>
    {
        var e = default(TE);
        dst[q] = e.Store(e.Load(dst[q]) + e.Load(src[q]));
    }
}
