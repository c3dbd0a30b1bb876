using CrystalKernels.Native.Handles;
using CrystalKernels.Native.Interop;
using static CrystalKernels.Native.Interop.CudaCheck;

namespace CrystalKernels.Native.Runtime;

/// <summary>
/// cuBLAS on one context and stream. Row-major callers compute C = A·B as the column-major C^T = B^T·A^T, i.e. by
/// swapping the operands: <see cref="RowMajorSgemm"/> does that. TF32 or BF16 tensor-core GEMMs go through
/// <see cref="GemmEx"/> with the compute type (fp32 accumulation always).
/// </summary>
public sealed class CublasContext : IDisposable
{
    public CublasContext(CudaContext context, CudaStream? stream = null)
    {
        Handle = CublasHandle.Create(context.Handle);
        if (stream is not null)
        {
            Check(Cublas.cublasSetStream(Handle.Value, stream.Handle.Value));
        }
    }

    public CublasHandle Handle { get; }

    public void SetStream(CudaStream stream) => Check(Cublas.cublasSetStream(Handle.Value, stream.Handle.Value));

    public void SetMathMode(CublasMath mode) => Check(Cublas.cublasSetMathMode(Handle.Value, mode));

    /// <summary>Row-major C[m, n] = alpha·A[m, k]·B[k, n] + beta·C, fp32.</summary>
    public unsafe void RowMajorSgemm(int m, int n, int k, float alpha, DeviceBuffer<float> a, DeviceBuffer<float> b, float beta, DeviceBuffer<float> c) =>
        Check(Cublas.cublasSgemm(Handle.Value, CublasOperation.None, CublasOperation.None, n, m, k, &alpha, b.Pointer, n, a.Pointer, k, &beta, c.Pointer, n));

    /// <summary>Column-major cublasGemmEx with fp32 alpha/beta (the scale type of every fp32-accumulating compute type).</summary>
    public unsafe void GemmEx(
        CublasOperation transA, CublasOperation transB, int m, int n, int k, float alpha,
        ulong a, CudaDataType aType, int lda, ulong b, CudaDataType bType, int ldb,
        float beta, ulong c, CudaDataType cType, int ldc, CublasComputeType compute) =>
        Check(Cublas.cublasGemmEx(Handle.Value, transA, transB, m, n, k, &alpha, a, aType, lda, b, bType, ldb, &beta, c, cType, ldc, compute, Cublas.GemmDefaultAlgorithm));

    /// <summary>Row-major batched C_i[m, n] = alpha·A_i[m, k]·B_i[k, n] + beta·C_i over contiguous batches.</summary>
    public unsafe void RowMajorSgemmStridedBatched(int batch, int m, int n, int k, float alpha, DeviceBuffer<float> a, DeviceBuffer<float> b, float beta, DeviceBuffer<float> c) =>
        Check(Cublas.cublasSgemmStridedBatched(
            Handle.Value, CublasOperation.None, CublasOperation.None, n, m, k,
            &alpha, b.Pointer, n, (long)k * n, a.Pointer, k, (long)m * k, &beta, c.Pointer, n, (long)m * n, batch));

    public void Dispose() => Handle.Dispose();
}
