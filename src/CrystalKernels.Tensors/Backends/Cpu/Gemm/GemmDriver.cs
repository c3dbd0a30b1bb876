using System.Numerics;
using System.Runtime.CompilerServices;

namespace CrystalKernels.Tensors.Backends.Cpu.Gemm;

/// <summary>Cache-block sizes (elements). kc: depth of one pass; nc: columns of the packed B block; mc: rows of A packed at a time.</summary>
internal readonly record struct GemmBlocking(int Kc, int Nc, int Mc);

/// <summary>
/// GotoBLAS/BLIS-style blocked GEMM over one micro-kernel. Each thread owns a contiguous share of C (row panels, or
/// column panels when rows are few) for the whole call. Per thread: jc (nc columns) > pc (kc depth, B block packed
/// by the thread) > ic (mc rows, A block packed) > ir (A
/// micro-panel, stays in L1) > jr (B micro-panels, streamed from the L2-resident B block).
/// Every C element is accumulated by one micro-kernel call per kc pass in a fixed p order, and pass results are folded
/// into C in pc order, so the bits do not depend on the thread count or the work partition.
/// </summary>
internal static unsafe class GemmDriver<T, TK>
    where T : unmanaged, IFloatingPointIeee754<T>
    where TK : IGemmMicroKernel<T>
{
    /// <summary>Below this many multiply-adds a second thread costs more than it saves.</summary>
    private const long ParallelMinWork = 1L << 21;

    private const int SharesPerThread = 3;

    private const int MinShareWidth = 256;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run(bool transA, bool transB, int m, int n, int k, T alpha, T* a, nint lda, T* b, nint ldb,
        T beta, T* c, nint ldc, GemmBlocking blocking)
    {
        var mPanels = (m + TK.MR - 1) / TK.MR;
        var nPanels = (n + TK.NR - 1) / TK.NR;
        var threads = CpuParallel.Threads;
        if (threads == 1 || (long)m * n * k < ParallelMinWork || mPanels * nPanels < 2)
        {
            Worker(transA, transB, 0, mPanels, 0, nPanels, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc, blocking);
            return;
        }

        // Contiguous shares of C, each done whole (all kc passes, no barrier per pass): rows when there are enough
        // row panels, else columns. A few shares per thread so a core slowed by another process does not hold up
        // the call, but at least ~256 rows (columns) each: a share packs all the B (A) it multiplies, one copy per
        // that many multiply-adds.
        var byRows = mPanels >= 2 * threads || mPanels >= nPanels;
        var panels = byRows ? mPanels : nPanels;
        var wanted = Math.Clamp(panels * (byRows ? TK.MR : TK.NR) / MinShareWidth, threads, SharesPerThread * threads);
        var parts = Math.Min(wanted, panels);
        var (aRef, bRef, cRef) = ((nint)a, (nint)b, (nint)c);
        CpuParallel.For(parts, 1, (s, e) =>
        {
            for (var part = s; part < e; part++)
            {
                var total = byRows ? mPanels : nPanels;
                var lo = (int)(total * part / parts);
                var hi = (int)(total * (part + 1) / parts);
                var (r0, r1, c0, c1) = byRows ? (lo, hi, 0, nPanels) : (0, mPanels, lo, hi);
                Worker(transA, transB, r0, r1, c0, c1, m, n, k, alpha, (T*)aRef, lda, (T*)bRef, ldb, beta, (T*)cRef, ldc,
                    blocking);
            }
        });
    }

    /// <summary>Row panels [r0, r1) x column panels [c0, c1) of C, all kc passes, on the calling thread.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Worker(bool transA, bool transB, int r0, int r1, int c0, int c1, int m, int n, int k, T alpha,
        T* a, nint lda, T* b, nint ldb, T beta, T* c, nint ldc, GemmBlocking blocking)
    {
        var mr = TK.MR;
        var nr = TK.NR;
        var kcMax = Math.Min(blocking.Kc, k);
        var ncPanels = Math.Max(1, blocking.Nc / nr);
        var mcPanels = Math.Max(1, blocking.Mc / mr);
        var colEnd = Math.Min(n, c1 * nr);
        var rowEnd = Math.Min(m, r1 * mr);
        using var bufB = GemmBuffer.Rent(true, (long)kcMax * Math.Min(ncPanels, c1 - c0) * nr * sizeof(T));
        using var bufA = GemmBuffer.Rent(false, ((long)kcMax * Math.Min(mcPanels, r1 - r0) * mr + GemmPacking.Slack) * sizeof(T));
        var pb = bufB.Pointer<T>();
        var pa = bufA.Pointer<T>();
        for (var jc = c0 * nr; jc < colEnd; jc += ncPanels * nr)
        {
            var nc = Math.Min(ncPanels * nr, colEnd - jc);
            var nBlockPanels = (nc + nr - 1) / nr;
            for (var pc = 0; pc < k; pc += kcMax)
            {
                var kc = Math.Min(kcMax, k - pc);
                var passBeta = pc == 0 ? beta : T.One;
                GemmPacking.PackB(transB, b, ldb, pc, kc, jc, nc, nr, 0, nBlockPanels, pb);
                for (var ic = r0 * mr; ic < rowEnd; ic += mcPanels * mr)
                {
                    var mc = Math.Min(mcPanels * mr, rowEnd - ic);
                    GemmPacking.PackA(transA, a, lda, ic, mc, pc, kc, mr, pa);
                    Macro(pa, pb, mc, nc, kc, alpha, passBeta, c + (nint)ic * ldc + jc, ldc);
                }
            }
        }
    }

    /// <summary>A packed mc x kc block against a packed kc x nc block into C (ir outer: the A micro-panel stays in L1).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Macro(T* pa, T* pb, int mc, int nc, int kc, T alpha, T beta, T* c, nint ldc)
    {
        var mr = TK.MR;
        var nr = TK.NR;
        for (var i = 0; i < mc; i += mr)
        {
            var rows = Math.Min(mr, mc - i);
            var ap = pa + (nint)i * kc;
            var crow = c + (nint)i * ldc;
            for (var j = 0; j < nc; j += nr)
            {
                TK.Run(kc, ap, pb + (nint)j * kc, crow + j, ldc, alpha, beta, rows, Math.Min(nr, nc - j));
            }
        }
    }
}
