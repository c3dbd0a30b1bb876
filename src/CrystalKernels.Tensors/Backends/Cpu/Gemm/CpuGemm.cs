namespace CrystalKernels.Tensors.Backends.Cpu.Gemm;

/// <summary>
/// General matrix multiply on row-major spans: C = alpha * op(A) * op(B) + beta * C, op = transpose or not,
/// A is m x k (or k x m when transposed) with leading dimension lda, B is k x n (or n x k), C is m x n.
/// </summary>
public static class CpuGemm
{
    public static void Gemm<T>(bool transA, bool transB, int m, int n, int k, T alpha, ReadOnlySpan<T> a, int lda,
        ReadOnlySpan<T> b, int ldb, T beta, Span<T> c, int ldc)
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        GemmReference.Gemm(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
    }
}
