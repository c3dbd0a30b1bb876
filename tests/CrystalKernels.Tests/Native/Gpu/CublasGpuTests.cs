using CrystalKernels.Native;
using CrystalKernels.Native.Interop;
using CrystalKernels.Native.Runtime;

namespace CrystalKernels.Tests.Native.Gpu;

/// <summary>cuBLAS through our bindings: row-major SGEMM, TF32 GemmEx and strided-batched SGEMM against float64 products.</summary>
public class CublasGpuTests : GpuFixture
{
    private const int M = 37, N = 53, K = 71, Batch = 3;

    [Test]
    public void RowMajorSgemmMatchesFloat64()
    {
        var (a, b) = (Uniform("blas-a", M * K, -1f, 1f), Uniform("blas-b", K * N, -1f, 1f));
        using var blas = new CublasContext(Gpu);
        using var ga = Gpu.Upload<float>(a);
        using var gb = Gpu.Upload<float>(b);
        using var gc = Gpu.Allocate<float>(M * N);
        blas.SetMathMode(CublasMath.Pedantic);
        blas.RowMajorSgemm(M, N, K, 1f, ga, gb, 0f, gc);
        Assert.That(RelativeToMaxAbs(gc.ToArray(), Product(a, b, 0)), Is.LessThan(GpuTol.Float32));
    }

    [Test]
    public void Tf32GemmExIsCloseToFloat64()
    {
        var (a, b) = (Uniform("blas-a", M * K, -1f, 1f), Uniform("blas-b", K * N, -1f, 1f));
        using var blas = new CublasContext(Gpu);
        using var ga = Gpu.Upload<float>(a);
        using var gb = Gpu.Upload<float>(b);
        using var gc = Gpu.Allocate<float>(M * N);
        blas.GemmEx(CublasOperation.None, CublasOperation.None, N, M, K, 1f, gb.Pointer, CudaDataType.R32F, N,
            ga.Pointer, CudaDataType.R32F, K, 0f, gc.Pointer, CudaDataType.R32F, N, CublasComputeType.Float32FastTf32);
        Assert.That(RelativeToMaxAbs(gc.ToArray(), Product(a, b, 0)), Is.LessThan(GpuTol.Tf32));
    }

    [Test]
    public void StridedBatchedSgemmMatchesFloat64PerBatch()
    {
        var (a, b) = (Uniform("blas-ba", Batch * M * K, -1f, 1f), Uniform("blas-bb", Batch * K * N, -1f, 1f));
        using var blas = new CublasContext(Gpu);
        using var ga = Gpu.Upload<float>(a);
        using var gb = Gpu.Upload<float>(b);
        using var gc = Gpu.Allocate<float>(Batch * M * N);
        blas.SetMathMode(CublasMath.Pedantic);
        blas.RowMajorSgemmStridedBatched(Batch, M, N, K, 1f, ga, gb, 0f, gc);
        var expected = Enumerable.Range(0, Batch).SelectMany(i => Product(a, b, i)).ToArray();
        Assert.That(RelativeToMaxAbs(gc.ToArray(), expected), Is.LessThan(GpuTol.Float32));
    }

    [Test]
    public void BadArgumentsComeBackAsCudaExceptionNamingTheCall()
    {
        using var blas = new CublasContext(Gpu);
        var e = Assert.Throws<CudaException>(() => blas.GemmEx(CublasOperation.None, CublasOperation.None, -1, 1, 1, 1f, 0, CudaDataType.R32F, 1,
            0, CudaDataType.R32F, 1, 0f, 0, CudaDataType.R32F, 1, CublasComputeType.Float32));
        Assert.That(e!.ErrorName, Is.EqualTo("CUBLAS_STATUS_INVALID_VALUE"));
        Assert.That(e.Call, Does.Contain("cublasGemmEx"));
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
