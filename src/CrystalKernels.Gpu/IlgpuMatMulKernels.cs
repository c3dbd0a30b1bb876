using CrystalKernels.Gpu.Kernels;
using CrystalKernels.Tensors;
using CrystalKernels.Tensors.Kernels;
using ILGPU;
using ILGPU.Runtime;

namespace CrystalKernels.Gpu;

/// <summary>ILGPU matmul kernels (float32 and float64): the tiled GEMM, and Linear as GEMM + bias.</summary>
public sealed class IlgpuMatMulKernels(IlgpuDevice dev) : IMatMulKernels
{
    public void Gemm(int batch, bool transA, bool transB, int m, int n, int k, Tensor a, Tensor b, Tensor c, double beta)
    {
        if (c.DType == DType.Float32)
        {
            Gemm<float, F32>(batch, transA, transB, m, n, k, a, b, c, beta);
        }
        else
        {
            Gemm<double, F64>(batch, transA, transB, m, n, k, a, b, c, beta);
        }
    }

    public void Linear(Tensor x, Tensor w, Tensor? bias, Tensor y)
    {
        if (x.DType == DType.Float32)
        {
            Linear<float, F32>(x, w, bias, y);
        }
        else
        {
            Linear<double, F64>(x, w, bias, y);
        }
    }

    public void LinearBackward(Tensor x, Tensor w, Tensor dy, Tensor? dx, Tensor? dw, Tensor? dbias)
    {
        if (x.DType == DType.Float32)
        {
            LinearBackward<float, F32>(x, w, dy, dx, dw, dbias);
        }
        else
        {
            LinearBackward<double, F64>(x, w, dy, dx, dw, dbias);
        }
    }

    /// <summary>The largest of 16, 8, 4 whose square fits one group of this accelerator.</summary>
    private int Tile => dev.Accelerator.MaxNumThreadsPerGroup >= 256 ? 16 : dev.Accelerator.MaxNumThreadsPerGroup >= 64 ? 8 : 4;

    private ArrayView<T> V<T>(Tensor t) where T : unmanaged => dev.Own(t, "ilgpu matmul").View<T>();

    private void Gemm<T, TE>(int batch, bool transA, bool transB, int m, int n, int k, Tensor a, Tensor b, Tensor c, double beta)
        where T : unmanaged
        where TE : struct, IElem<T>
    {
        if (batch == 0 || m == 0 || n == 0)
        {
            return;
        }

        var ts = Tile;
        Action<ArrayView<T>, ArrayView<T>, ArrayView<T>, GemmArgs> body = GemmKernels.Gemm<T, TE>;
        var kernel = dev.Cached(body, () => dev.Accelerator.LoadStreamKernel(body));
        var config = new KernelConfig(
            new Index3D((n + ts - 1) / ts, (m + ts - 1) / ts, batch),
            new Index3D(ts, ts, 1),
            SharedMemoryConfig.RequestDynamic<double>(2 * ts * ts));
        var args = new GemmArgs { M = m, N = n, K = k, TransA = transA ? 1 : 0, TransB = transB ? 1 : 0, Tile = ts, Beta = beta };
        kernel(config, V<T>(a), V<T>(b), V<T>(c), args);
    }

    private void Linear<T, TE>(Tensor x, Tensor w, Tensor? bias, Tensor y)
        where T : unmanaged
        where TE : struct, IElem<T>
    {
        var (outF, inF) = (w.Shape[0], w.Shape[1]);
        var rows = checked((int)(x.Numel / Math.Max(1, inF)));

        // y[rows, out] = x[rows, in] · w[out, in]ᵀ, then + bias per row.
        Gemm<T, TE>(1, false, true, rows, outF, inF, x, w, y, 0.0);
        if (bias is not null)
        {
            IlgpuDevice.Launch(y.Numel, dev.Load<ArrayView<T>, ArrayView<T>, int>(GemmKernels.AddBias<T, TE>), V<T>(y), V<T>(bias), outF);
        }
    }

    private void LinearBackward<T, TE>(Tensor x, Tensor w, Tensor dy, Tensor? dx, Tensor? dw, Tensor? db)
        where T : unmanaged
        where TE : struct, IElem<T>
    {
        var (outF, inF) = (w.Shape[0], w.Shape[1]);
        var rows = checked((int)(x.Numel / Math.Max(1, inF)));
        if (dx is not null)
        {
            // dx[rows, in] += dy[rows, out] · w[out, in]
            Gemm<T, TE>(1, false, false, rows, inF, outF, dy, w, dx, 1.0);
        }

        if (dw is not null)
        {
            // dw[out, in] += dy[rows, out]ᵀ · x[rows, in]
            Gemm<T, TE>(1, true, false, outF, inF, rows, dy, x, dw, 1.0);
        }

        if (db is not null)
        {
            IlgpuDevice.Launch(outF, dev.Load<ArrayView<T>, ArrayView<T>, int, int>(GemmKernels.ColumnSum<T, TE>), V<T>(dy), V<T>(db), rows, outF);
        }
    }
}
