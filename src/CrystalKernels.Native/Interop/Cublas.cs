using System.Runtime.InteropServices;

namespace CrystalKernels.Native.Interop;

/// <summary>cublasStatus_t (cublas_api.h).</summary>
public enum CublasStatus
{
    Success = 0,
    NotInitialized = 1,
}

/// <summary>cublasOperation_t.</summary>
public enum CublasOperation
{
    None = 0,
    Transpose = 1,
}

/// <summary>cublasMath_t: Default lets cuBLAS choose; Tf32TensorOp allows TF32 tensor cores for fp32 GEMMs.</summary>
public enum CublasMath
{
    Default = 0,
    Pedantic = 2,
    Tf32TensorOp = 3,
}

/// <summary>cudaDataType_t values used for GEMM operands.</summary>
public enum CudaDataType
{
    R32F = 0,
    R16F = 2,
    R16BF = 14,
}

/// <summary>cublasComputeType_t: the accumulation (always fp32 here) and which down-conversions are allowed.</summary>
public enum CublasComputeType
{
    Float32 = 68,
    Float32Pedantic = 69,
    Float32FastBf16 = 75,
    Float32FastTf32 = 77,
}

/// <summary>
/// cuBLAS (libcublas.so.13/.12/.11), column-major as the library is. The v2 API: cublasCreate etc. are macros for the
/// _v2 symbols. Scalars (alpha, beta) are host pointers (the default pointer mode).
/// </summary>
internal static unsafe partial class Cublas
{
    private const string Lib = NativeLibraries.Cublas;
    public const int GemmDefaultAlgorithm = -1;

    static Cublas() => NativeLibraries.EnsureResolver();

    [LibraryImport(Lib, EntryPoint = "cublasCreate_v2")] public static partial CublasStatus cublasCreate(out nint handle);
    [LibraryImport(Lib, EntryPoint = "cublasDestroy_v2")] public static partial CublasStatus cublasDestroy(nint handle);
    [LibraryImport(Lib, EntryPoint = "cublasSetStream_v2")] public static partial CublasStatus cublasSetStream(nint handle, nint stream);
    [LibraryImport(Lib)] public static partial CublasStatus cublasSetMathMode(nint handle, CublasMath mode);

    [LibraryImport(Lib, EntryPoint = "cublasSgemm_v2")]
    public static partial CublasStatus cublasSgemm(
        nint handle, CublasOperation transA, CublasOperation transB, int m, int n, int k,
        float* alpha, ulong a, int lda, ulong b, int ldb, float* beta, ulong c, int ldc);

    [LibraryImport(Lib)]
    public static partial CublasStatus cublasGemmEx(
        nint handle, CublasOperation transA, CublasOperation transB, int m, int n, int k,
        void* alpha, ulong a, CudaDataType aType, int lda, ulong b, CudaDataType bType, int ldb,
        void* beta, ulong c, CudaDataType cType, int ldc, CublasComputeType computeType, int algorithm);

    [LibraryImport(Lib)]
    public static partial CublasStatus cublasSgemmStridedBatched(
        nint handle, CublasOperation transA, CublasOperation transB, int m, int n, int k,
        float* alpha, ulong a, int lda, long strideA, ulong b, int ldb, long strideB,
        float* beta, ulong c, int ldc, long strideC, int batchCount);
}
