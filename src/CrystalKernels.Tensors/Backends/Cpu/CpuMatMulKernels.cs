using System.Numerics;
using CrystalKernels.Tensors.Backends.Cpu.Gemm;
using CrystalKernels.Tensors.Kernels;

namespace CrystalKernels.Tensors.Backends.Cpu;

/// <summary>CPU matmul kernels, generic over float and double. Every matrix product goes through <see cref="CpuGemm"/>.</summary>
public sealed partial class CpuMatMulKernels : IMatMulKernels
{
    /// <summary>Multiply-adds per parallel chunk of batches: small matrices are grouped, large ones run one per chunk.</summary>
    private const long FlopGrain = 1 << 18;

    public void Gemm(int batch, bool transA, bool transB, int m, int n, int k, Tensor a, Tensor b, Tensor c, double beta)
    {
        if (c.DType == DType.Float32)
        {
            Gemm<float>(batch, transA, transB, m, n, k, a, b, c, beta);
        }
        else
        {
            Gemm<double>(batch, transA, transB, m, n, k, a, b, c, beta);
        }
    }

    private static void Gemm<T>(int batch, bool transA, bool transB, int m, int n, int k, Tensor ta, Tensor tb, Tensor tc, double beta)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        // Row-major: op(A) is m x k, so A's rows hold k values (m when stored transposed); likewise for B.
        var lda = transA ? m : k;
        var ldb = transB ? k : n;
        int sa = m * k, sb = k * n, sc = m * n;
        var bt = T.CreateTruncating(beta);
        var grain = Math.Max(1, FlopGrain / Math.Max(1L, (long)m * n * Math.Max(1, k)));
        CpuParallel.For(batch, grain, (p0, p1) =>
        {
            var a = ta.Span<T>();
            var b = tb.Span<T>();
            var c = tc.Span<T>();
            for (var p = (int)p0; p < (int)p1; p++)
            {
                CpuGemm.Gemm(transA, transB, m, n, k, T.One, a.Slice(p * sa, sa), lda, b.Slice(p * sb, sb), ldb, bt, c.Slice(p * sc, sc), n);
            }
        });
    }
}
