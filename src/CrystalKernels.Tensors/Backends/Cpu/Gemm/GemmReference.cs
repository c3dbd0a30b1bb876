using System.Numerics;

namespace CrystalKernels.Tensors.Backends.Cpu.Gemm;

/// <summary>The slow, obviously correct GEMM every faster GEMM is tested against (triple loop, double accumulation).</summary>
public static class GemmReference
{
    public static void Gemm<T>(bool transA, bool transB, int m, int n, int k, T alpha, ReadOnlySpan<T> a, int lda,
        ReadOnlySpan<T> b, int ldb, T beta, Span<T> c, int ldc)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (var i = 0; i < m; i++)
        {
            for (var j = 0; j < n; j++)
            {
                var acc = 0.0;
                for (var p = 0; p < k; p++)
                {
                    var av = transA ? a[p * lda + i] : a[i * lda + p];
                    var bv = transB ? b[j * ldb + p] : b[p * ldb + j];
                    acc += double.CreateTruncating(av) * double.CreateTruncating(bv);
                }

                var prev = beta == T.Zero ? T.Zero : beta * c[i * ldc + j];
                c[i * ldc + j] = alpha * T.CreateTruncating(acc) + prev;
            }
        }
    }
}
