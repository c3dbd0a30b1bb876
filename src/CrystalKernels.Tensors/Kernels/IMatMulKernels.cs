namespace CrystalKernels.Tensors.Kernels;

/// <summary>MatMul kernels of one backend. Backward kernels accumulate (+=) into gradient tensors.</summary>
public interface IMatMulKernels
{
    /// <summary>
    /// Strided batched GEMM on contiguous row-major batches: c[p] = op(a[p]) · op(b[p]) + beta * c[p] for p in
    /// [0, batch), where op(a) is m x k (a stored k x m when <paramref name="transA"/>), op(b) is k x n (b stored n x k
    /// when <paramref name="transB"/>) and c is m x n. beta = 0 overwrites c (its old contents are never read as
    /// numbers), beta = 1 accumulates (backward).
    /// </summary>
    void Gemm(int batch, bool transA, bool transB, int m, int n, int k, Tensor a, Tensor b, Tensor c, double beta);

    /// <summary>y[r, o] = Σ_i x[r, i] w[o, i] + bias[o] over the rows r of x[..., in]; w is [out, in] (PyTorch).</summary>
    void Linear(Tensor x, Tensor w, Tensor? bias, Tensor y);

    /// <summary>dx += dy · w; dw += dyᵀ · x; dbias += Σ_r dy[r, :]. Any gradient may be null (not needed).</summary>
    void LinearBackward(Tensor x, Tensor w, Tensor dy, Tensor? dx, Tensor? dw, Tensor? dbias);
}
