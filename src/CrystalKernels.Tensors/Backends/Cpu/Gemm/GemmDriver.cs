using System.Numerics;

namespace CrystalKernels.Tensors.Backends.Cpu.Gemm;

/// <summary>Cache-block sizes (elements). kc: depth of one pass; nc: columns of the packed B block; mc: rows of A per work item.</summary>
internal readonly record struct GemmBlocking(int Kc, int Nc, int Mc);

/// <summary>
/// GotoBLAS/BLIS-style blocked GEMM over one micro-kernel. Loop nest: jc (nc columns) > pc (kc depth, B block packed
/// once, shared by all threads) > work items (a block of A rows x a range of B panels, A packed per thread) > ir (A
/// micro-panel, stays in L1) > jr (B micro-panels, streamed from the L2-resident B block).
/// Every C element is accumulated by one micro-kernel call per kc pass in a fixed p order, and pass results are folded
/// into C in pc order, so the bits do not depend on the thread count or the work partition.
/// </summary>
internal static unsafe class GemmDriver<T, TK>
    where T : unmanaged, IFloatingPointIeee754<T>
    where TK : IGemmMicroKernel<T>
{
    /// <summary>Below this many multiply-adds per pass a second thread costs more than it saves.</summary>
    private const long ParallelMinWork = 1L << 21;

    public static void Run(bool transA, bool transB, int m, int n, int k, T alpha, T* a, nint lda, T* b, nint ldb,
        T beta, T* c, nint ldc, GemmBlocking blocking)
    {
        var mr = TK.MR;
        var nr = TK.NR;
        var kcMax = Math.Min(blocking.Kc, k);
        var ncMax = Math.Min(RoundUp(blocking.Nc, nr), RoundUp(n, nr));
        var mPanels = (m + mr - 1) / mr;
        var threads = CpuParallel.Threads;

        using var bufB = GemmBuffer.Rent(true, (long)kcMax * ncMax * sizeof(T));
        var pb = bufB.Pointer<T>();
        for (var jc = 0; jc < n; jc += ncMax)
        {
            var nc = Math.Min(ncMax, n - jc);
            var nPanels = (nc + nr - 1) / nr;
            for (var pc = 0; pc < k; pc += kcMax)
            {
                var kc = Math.Min(kcMax, k - pc);
                var passBeta = pc == 0 ? beta : T.One;
                var parallel = threads > 1 && (long)m * nc * kc >= ParallelMinWork;

                // Work split: blocks of A rows (a multiple of the thread count, near-equal in panels), and when A has
                // too few rows to feed every thread, ranges of B panels as well.
                var mBlocks = Math.Max(1, (mPanels + blocking.Mc / mr - 1) / (blocking.Mc / mr));
                var nSplits = 1;
                if (parallel)
                {
                    mBlocks = RoundUp(mBlocks, threads);
                    if (mPanels < 2 * threads)
                    {
                        mBlocks = mPanels;
                        nSplits = Math.Min(nPanels, (2 * threads + mBlocks - 1) / mBlocks);
                    }

                    mBlocks = Math.Min(mBlocks, mPanels);
                }

                var bRef = b;
                var packB = (long s, long e) => GemmPacking.PackB(transB, bRef, ldb, pc, kc, jc, nc, nr, (int)s, (int)e, pb);
                var aRef = a;
                var cRef = c;
                var items = (long)mBlocks * nSplits;
                var work = (long s, long e) =>
                {
                    for (var item = s; item < e; item++)
                    {
                        var mb = (int)(item / nSplits);
                        var ns = (int)(item % nSplits);
                        var panel0 = (int)((long)mPanels * mb / mBlocks);
                        var panel1 = (int)((long)mPanels * (mb + 1) / mBlocks);
                        var jp0 = (int)((long)nPanels * ns / nSplits);
                        var jp1 = (int)((long)nPanels * (ns + 1) / nSplits);
                        Block(transA, aRef, lda, panel0 * mr, Math.Min(m, panel1 * mr), pc, kc, pb, jc, nc, jp0, jp1, alpha,
                            passBeta, cRef, ldc);
                    }
                };

                if (parallel)
                {
                    CpuParallel.For(nPanels, Math.Max(1, (nPanels + threads - 1) / threads), packB);
                    CpuParallel.For(items, 1, work);
                }
                else
                {
                    packB(0, nPanels);
                    work(0, items);
                }
            }
        }
    }

    /// <summary>Rows [i0, i1) of C against B panels [jp0, jp1) of the current packed B block.</summary>
    private static void Block(bool transA, T* a, nint lda, int i0, int i1, int pc, int kc, T* pb, int jc, int nc,
        int jp0, int jp1, T alpha, T beta, T* c, nint ldc)
    {
        var mr = TK.MR;
        var nr = TK.NR;
        var mc = i1 - i0;
        using var bufA = GemmBuffer.Rent(false, ((long)RoundUp(mc, mr) * kc + GemmPacking.Slack) * sizeof(T));
        var pa = bufA.Pointer<T>();
        GemmPacking.PackA(transA, a, lda, i0, mc, pc, kc, mr, pa);
        for (var i = 0; i < mc; i += mr)
        {
            var rows = Math.Min(mr, mc - i);
            var ap = pa + (nint)i * kc;
            var crow = c + (nint)(i0 + i) * ldc + jc;
            for (var jp = jp0; jp < jp1; jp++)
            {
                var j = jp * nr;
                TK.Run(kc, ap, pb + (nint)j * kc, crow + j, ldc, alpha, beta, rows, Math.Min(nr, nc - j));
            }
        }
    }

    private static int RoundUp(int x, int to) => (x + to - 1) / to * to;
}
