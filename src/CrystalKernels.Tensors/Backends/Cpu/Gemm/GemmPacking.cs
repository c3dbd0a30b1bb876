using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace CrystalKernels.Tensors.Backends.Cpu.Gemm;

/// <summary>
/// Packs blocks of op(A) and op(B) into the panel layout the micro-kernel streams, handling transposition here so the
/// kernel sees one layout. Rows/columns past the matrix edge are zero-filled: every tile, edge or not, then runs the
/// same FMA sequence.
/// </summary>
internal static unsafe class GemmPacking
{
    /// <summary>Elements of slack a packed-A buffer needs past its end (the overlapping 16-wide transpose stores).</summary>
    public const int Slack = 16;

    /// <summary>
    /// op(A)[i0 .. i0+mc, p0 .. p0+kc] into panels of mr rows: dst[(panel*kc + p)*mr + ii].
    /// op(A)(i, p) = transA ? a[p*lda + i] : a[i*lda + p].
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void PackA<T>(bool transA, T* a, nint lda, int i0, int mc, int p0, int kc, int mr, T* dst)
        where T : unmanaged
    {
        if (transA)
        {
            // Stored rows of A are k steps: walk a few of them across every panel while they sit in L1, rather than
            // one panel at a time down all kc rows (which re-reads each row's cache lines once per panel).
            const int chunk = 8;
            for (var pp = 0; pp < kc; pp += chunk)
            {
                PackATransposed(a + (nint)(p0 + pp) * lda + i0, lda, mc, Math.Min(chunk, kc - pp), kc, mr, dst + (nint)pp * mr);
            }

            return;
        }

        for (var i = 0; i < mc; i += mr)
        {
            var rows = Math.Min(mr, mc - i);
            var panel = dst + (nint)i * kc;
            var p16 = 0;
            if (typeof(T) == typeof(float) && Avx512F.IsSupported && mr <= 16)
            {
                for (; p16 + 16 <= kc; p16 += 16)
                {
                    GemmTranspose16.Transpose((float*)(a + (nint)(i0 + i) * lda + p0 + p16), lda, rows,
                        (float*)(panel + (nint)p16 * mr), mr);
                }
            }

            for (var ii = 0; ii < mr; ii++)
            {
                var d = panel + ii;
                var s = a + (nint)(i0 + i + ii) * lda + p0;
                for (var p = p16; p < kc; p++)
                {
                    d[(nint)p * mr] = ii < rows ? s[p] : default;
                }
            }
        }
    }

    /// <summary>
    /// Panels [panelFrom, panelTo) of op(B)[p0 .. p0+kc, j0 .. j0+nc] in panels of nr columns:
    /// dst[(panel*kc + p)*nr + jj]. op(B)(p, j) = transB ? b[j*ldb + p] : b[p*ldb + j].
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void PackB<T>(bool transB, T* b, nint ldb, int p0, int kc, int j0, int nc, int nr, int panelFrom,
        int panelTo, T* dst)
        where T : unmanaged
    {
        for (var panelIndex = panelFrom; panelIndex < panelTo; panelIndex++)
        {
            var j = panelIndex * nr;
            var cols = Math.Min(nr, nc - j);
            var panel = dst + (nint)j * kc;
            if (!transB)
            {
                var src = b + (nint)p0 * ldb + j0 + j;
                if (cols == nr && CopyRuns(src, ldb, panel, nr, kc))
                {
                    continue;
                }

                for (var p = 0; p < kc; p++)
                {
                    var s = src + p * ldb;
                    var d = panel + (nint)p * nr;
                    for (var jj = 0; jj < nr; jj++)
                    {
                        d[jj] = jj < cols ? s[jj] : default;
                    }
                }

                continue;
            }

            var p16 = 0;
            if (typeof(T) == typeof(float) && Avx512F.IsSupported && nr % 16 == 0)
            {
                for (; p16 + 16 <= kc; p16 += 16)
                {
                    for (var h = 0; h < nr; h += 16)
                    {
                        GemmTranspose16.Transpose((float*)(b + (nint)(j0 + j + h) * ldb + p0 + p16), ldb,
                            Math.Clamp(cols - h, 0, 16), (float*)(panel + (nint)p16 * nr + h), nr);
                    }
                }
            }

            for (var jj = 0; jj < nr; jj++)
            {
                var d = panel + jj;
                var s = b + (nint)(j0 + j + jj) * ldb + p0;
                for (var p = p16; p < kc; p++)
                {
                    d[(nint)p * nr] = jj < cols ? s[p] : default;
                }
            }
        }
    }

    /// <summary>pn stored rows of A^T (k steps, each m long) at a, into every mr-row panel (panel stride kc*mr).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void PackATransposed<T>(T* a, nint lda, int mc, int pn, int kc, int mr, T* dst)
        where T : unmanaged
    {
        for (var i = 0; i < mc; i += mr)
        {
            var rows = Math.Min(mr, mc - i);
            var src = a + i;
            var panel = dst + (nint)i * kc;
            if (rows == mr && CopyRuns(src, lda, panel, mr, pn))
            {
                continue;
            }

            for (var p = 0; p < pn; p++)
            {
                var s = src + p * lda;
                var d = panel + (nint)p * mr;
                for (var ii = 0; ii < mr; ii++)
                {
                    d[ii] = ii < rows ? s[ii] : default;
                }
            }
        }
    }

    /// <summary>
    /// n runs of <paramref name="count"/> contiguous elements (run p at src + p*stride) to dst + p*count, as two
    /// possibly overlapping vector moves per run; false when the run length does not suit that.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool CopyRuns<T>(T* src, nint stride, T* dst, int count, int n)
        where T : unmanaged
    {
        var bytes = count * sizeof(T);
        if (bytes is >= 32 and <= 64 && Vector256.IsHardwareAccelerated)
        {
            for (var p = 0; p < n; p++)
            {
                var s = (byte*)(src + p * stride);
                var d = (byte*)(dst + (nint)p * count);
                var lo = Vector256.Load(s);
                var hi = Vector256.Load(s + bytes - 32);
                lo.Store(d);
                hi.Store(d + bytes - 32);
            }

            return true;
        }

        if (bytes is > 64 and <= 128 && Vector512.IsHardwareAccelerated)
        {
            for (var p = 0; p < n; p++)
            {
                var s = (byte*)(src + p * stride);
                var d = (byte*)(dst + (nint)p * count);
                var lo = Vector512.Load(s);
                var hi = Vector512.Load(s + bytes - 64);
                lo.Store(d);
                hi.Store(d + bytes - 64);
            }

            return true;
        }

        return false;
    }
}
