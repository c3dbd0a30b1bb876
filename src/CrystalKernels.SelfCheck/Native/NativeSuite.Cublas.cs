using CrystalKernels.Native;
using CrystalKernels.Native.Interop;
using CrystalKernels.Native.Runtime;
using static CrystalKernels.SelfCheck.Native.HostArrays;

namespace CrystalKernels.SelfCheck.Native;

/// <summary>cuBLAS through our bindings: row-major SGEMM, TF32 GemmEx and strided-batched SGEMM against float64 products.</summary>
public sealed partial class NativeSuite
{
    private const int M = 37, N = 53, K = 71, Batch = 3;

    private void RowMajorSgemmMatchesFloat64()
    {
        var (a, b) = (Uniform("blas-a", M * K, -1f, 1f), Uniform("blas-b", K * N, -1f, 1f));
        using var blas = new CublasContext(Gpu);
        using var ga = Gpu.Upload<float>(a);
        using var gb = Gpu.Upload<float>(b);
        using var gc = Gpu.Allocate<float>(M * N);
        blas.SetMathMode(CublasMath.Pedantic);
        blas.RowMajorSgemm(M, N, K, 1f, ga, gb, 0f, gc);
        Expect.Below(RelativeToMaxAbs(gc.ToArray(), Product(a, b, 0)), GpuTol.Float32, "row-major SGEMM vs float64");
    }

    private void Tf32GemmExIsCloseToFloat64()
    {
        var (a, b) = (Uniform("blas-a", M * K, -1f, 1f), Uniform("blas-b", K * N, -1f, 1f));
        using var blas = new CublasContext(Gpu);
        using var ga = Gpu.Upload<float>(a);
        using var gb = Gpu.Upload<float>(b);
        using var gc = Gpu.Allocate<float>(M * N);
        blas.GemmEx(CublasOperation.None, CublasOperation.None, N, M, K, 1f, gb.Pointer, CudaDataType.R32F, N,
            ga.Pointer, CudaDataType.R32F, K, 0f, gc.Pointer, CudaDataType.R32F, N, CublasComputeType.Float32FastTf32);
        Expect.Below(RelativeToMaxAbs(gc.ToArray(), Product(a, b, 0)), GpuTol.Tf32, "TF32 GemmEx vs float64");
    }

    private void StridedBatchedSgemmMatchesFloat64PerBatch()
    {
        var (a, b) = (Uniform("blas-ba", Batch * M * K, -1f, 1f), Uniform("blas-bb", Batch * K * N, -1f, 1f));
        using var blas = new CublasContext(Gpu);
        using var ga = Gpu.Upload<float>(a);
        using var gb = Gpu.Upload<float>(b);
        using var gc = Gpu.Allocate<float>(Batch * M * N);
        blas.SetMathMode(CublasMath.Pedantic);
        blas.RowMajorSgemmStridedBatched(Batch, M, N, K, 1f, ga, gb, 0f, gc);
        var expected = Enumerable.Range(0, Batch).SelectMany(i => Product(a, b, i)).ToArray();
        Expect.Below(RelativeToMaxAbs(gc.ToArray(), expected), GpuTol.Float32, "strided-batched SGEMM vs float64");
    }

    private void BadArgumentsComeBackAsCudaExceptionNamingTheCall()
    {
        using var blas = new CublasContext(Gpu);
        var e = Expect.Throws<CudaException>(() => blas.GemmEx(CublasOperation.None, CublasOperation.None, -1, 1, 1, 1f, 0, CudaDataType.R32F, 1,
            0, CudaDataType.R32F, 1, 0f, 0, CudaDataType.R32F, 1, CublasComputeType.Float32), "cublasGemmEx with m = -1");
        Expect.That(e.ErrorName == "CUBLAS_STATUS_INVALID_VALUE", $"error name {e.ErrorName}, expected CUBLAS_STATUS_INVALID_VALUE");
        Expect.Contains(e.Call, "cublasGemmEx", "the failing call");
    }

    private static double[] Product(float[] a, float[] b, int batch)
    {
        var c = new double[M * N];
        for (var i = 0; i < M; i++)
        {
            for (var j = 0; j < N; j++)
            {
                var s = 0.0;
                for (var p = 0; p < K; p++)
                {
                    s += (double)a[(batch * M * K) + (i * K) + p] * b[(batch * K * N) + (p * N) + j];
                }

                c[(i * N) + j] = s;
            }
        }

        return c;
    }
}
