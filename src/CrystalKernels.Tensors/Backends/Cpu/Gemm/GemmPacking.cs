using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics.X86;

namespace CrystalKernels.Tensors.Backends.Cpu.Gemm;

/// <summary>
/// Packs blocks of op(A) and op(B) into the panel layout the micro-kernel streams, handling transposition here so the
/// kernel sees one layout. Rows/columns past the matrix edge are zero-filled: every tile, edge or not, then runs the
/// same FMA sequence.
/// </summary>
internal static unsafe class GemmPacking
{
    /// <summary>Floats of slack a packed-A buffer needs past its end (the overlapping 16-wide transpose stores).</summary>
    public const int Slack = 16;

    /// <summary>
    /// op(A)[i0 .. i0+mc, p0 .. p0+kc] into panels of mr rows: dst[(panel*kc + p)*mr + ii].
    /// op(A)(i, p) = transA ? a[p*lda + i] : a[i*lda + p].
    /// </summary>
    public static void PackA<T>(bool transA, T* a, nint lda, int i0, int mc, int p0, int kc, int mr, T* dst)
        where T : unmanaged
    {
        for (var i = 0; i < mc; i += mr)
        {
            var rows = Math.Min(mr, mc - i);
            var panel = dst + (nint)i * kc;
            if (transA)
            {
                var src = a + (nint)p0 * lda + i0 + i;
                for (var p = 0; p < kc; p++)
                {
                    var s = src + p * lda;
                    var d = panel + (nint)p * mr;
                    var ii = 0;
                    for (; ii < rows; ii++)
                    {
                        d[ii] = s[ii];
                    }

                    for (; ii < mr; ii++)
                    {
                        d[ii] = default;
                    }
                }
            }
            else
            {
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
                    if (ii < rows)
                    {
                        var s = a + (nint)(i0 + i + ii) * lda + p0;
                        for (var p = p16; p < kc; p++)
                        {
                            d[(nint)p * mr] = s[p];
                        }
                    }
                    else
                    {
                        for (var p = p16; p < kc; p++)
                        {
                            d[(nint)p * mr] = default;
                        }
                    }
                }
            }
        }
    }

    /// <summary>
    /// Panels [panelFrom, panelTo) of op(B)[p0 .. p0+kc, j0 .. j0+nc] in panels of nr columns:
    /// dst[(panel*kc + p)*nr + jj]. op(B)(p, j) = transB ? b[j*ldb + p] : b[p*ldb + j].
    /// </summary>
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
                for (var p = 0; p < kc; p++)
                {
                    var s = src + p * ldb;
                    var d = panel + (nint)p * nr;
                    if (cols == nr)
                    {
                        Unsafe.CopyBlockUnaligned(d, s, (uint)(nr * sizeof(T)));
                    }
                    else
                    {
                        var jj = 0;
                        for (; jj < cols; jj++)
                        {
                            d[jj] = s[jj];
                        }

                        for (; jj < nr; jj++)
                        {
                            d[jj] = default;
                        }
                    }
                }
            }
            else
            {
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
                    if (jj < cols)
                    {
                        var s = b + (nint)(j0 + j + jj) * ldb + p0;
                        for (var p = p16; p < kc; p++)
                        {
                            d[(nint)p * nr] = s[p];
                        }
                    }
                    else
                    {
                        for (var p = p16; p < kc; p++)
                        {
                            d[(nint)p * nr] = default;
                        }
                    }
                }
            }
        }
    }
}
