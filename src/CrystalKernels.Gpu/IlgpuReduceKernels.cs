using CrystalKernels.Gpu.Kernels;
using CrystalKernels.Tensors;
using CrystalKernels.Tensors.Kernels;
using ILGPU;

namespace CrystalKernels.Gpu;

/// <summary>ILGPU reduce kernels (float32 and float64). See <see cref="ReduceKernels"/> for the fixed orders.</summary>
public sealed class IlgpuReduceKernels(IlgpuDevice dev) : IReduceKernels
{
    public void Sum(Tensor x, int axis, Tensor y, double scale)
    {
        if (x.DType == DType.Float32)
        {
            Sum<float, F32>(x, axis, y, scale);
        }
        else
        {
            Sum<double, F64>(x, axis, y, scale);
        }
    }

    public void SumBackward(Tensor dy, int axis, Tensor dx, double scale)
    {
        var (_, n, inner) = dx.Shape.Split(axis);
        if (dx.DType == DType.Float32)
        {
            Launch(dev.Load<ArrayView<float>, ArrayView<float>, int, int, double>(ReduceKernels.SumGrad<float, F32>), dx.Numel, V<float>(dy), V<float>(dx), n, (int)inner, scale);
        }
        else
        {
            Launch(dev.Load<ArrayView<double>, ArrayView<double>, int, int, double>(ReduceKernels.SumGrad<double, F64>), dx.Numel, V<double>(dy), V<double>(dx), n, (int)inner, scale);
        }
    }

    public void Max(Tensor x, int axis, Tensor y, Tensor argMax)
    {
        var (_, n, inner) = x.Shape.Split(axis);
        if (x.DType == DType.Float32)
        {
            IlgpuDevice.Launch(y.Numel, dev.Load<ArrayView<float>, ArrayView<float>, ArrayView<int>, int, int>(ReduceKernels.Max<float, F32>), V<float>(x), V<float>(y), V<int>(argMax), n, (int)inner);
        }
        else
        {
            IlgpuDevice.Launch(y.Numel, dev.Load<ArrayView<double>, ArrayView<double>, ArrayView<int>, int, int>(ReduceKernels.Max<double, F64>), V<double>(x), V<double>(y), V<int>(argMax), n, (int)inner);
        }
    }

    public void MaxBackward(Tensor dy, Tensor argMax, int axis, Tensor dx)
    {
        var (_, n, inner) = dx.Shape.Split(axis);
        if (dx.DType == DType.Float32)
        {
            IlgpuDevice.Launch(dy.Numel, dev.Load<ArrayView<float>, ArrayView<int>, ArrayView<float>, int, int>(ReduceKernels.MaxGrad<float, F32>), V<float>(dy), V<int>(argMax), V<float>(dx), n, (int)inner);
        }
        else
        {
            IlgpuDevice.Launch(dy.Numel, dev.Load<ArrayView<double>, ArrayView<int>, ArrayView<double>, int, int>(ReduceKernels.MaxGrad<double, F64>), V<double>(dy), V<int>(argMax), V<double>(dx), n, (int)inner);
        }
    }

    public void Softmax(Tensor x, Tensor y, bool log)
    {
        var cols = x.Shape.Cols;
        if (x.DType == DType.Float32)
        {
            IlgpuDevice.Launch(x.Shape.Rows, dev.Load<ArrayView<float>, ArrayView<float>, int, int>(ReduceKernels.Softmax<float, F32>), V<float>(x), V<float>(y), cols, log ? 1 : 0);
        }
        else
        {
            IlgpuDevice.Launch(x.Shape.Rows, dev.Load<ArrayView<double>, ArrayView<double>, int, int>(ReduceKernels.Softmax<double, F64>), V<double>(x), V<double>(y), cols, log ? 1 : 0);
        }
    }

    public void SoftmaxBackward(Tensor y, Tensor dy, Tensor dx, bool log)
    {
        var cols = y.Shape.Cols;
        if (y.DType == DType.Float32)
        {
            IlgpuDevice.Launch(y.Shape.Rows, dev.Load<ArrayView<float>, ArrayView<float>, ArrayView<float>, int, int>(ReduceKernels.SoftmaxGrad<float, F32>), V<float>(y), V<float>(dy), V<float>(dx), cols, log ? 1 : 0);
        }
        else
        {
            IlgpuDevice.Launch(y.Shape.Rows, dev.Load<ArrayView<double>, ArrayView<double>, ArrayView<double>, int, int>(ReduceKernels.SoftmaxGrad<double, F64>), V<double>(y), V<double>(dy), V<double>(dx), cols, log ? 1 : 0);
        }
    }

    /// <summary>
    /// y[0] = Σ term(x, t) * scale / divisor over the n items, in two fixed stages (partials, then their ordered sum).
    /// Used by SumAll and the regression losses.
    /// </summary>
    internal void ScalarSum<T, TE>(Tensor x, Tensor t, Tensor y, int term, double scale, double divisor)
        where T : unmanaged
        where TE : struct, IElem<T>
    {
        var n = checked((int)x.Numel);
        var chunks = Math.Max(1, (n + ReduceKernels.ChunkGrain - 1) / ReduceKernels.ChunkGrain);
        var partial = dev.Rent(DType.Float64, chunks, zero: true);
        try
        {
            var pv = ((IlgpuStorage)partial).View<double>();
            IlgpuDevice.Launch(n == 0 ? 0 : chunks, dev.Load<ArrayView<T>, ArrayView<T>, ArrayView<double>, int, int>(ReduceKernels.Partial<T, TE>), V<T>(x), V<T>(t), pv, n, term);
            IlgpuDevice.Launch(1, dev.Load<ArrayView<double>, ArrayView<T>, int, double, double>(ReduceKernels.Finish<T, TE>), pv, V<T>(y), chunks, scale, divisor);
        }
        finally
        {
            // Stream order makes the buffer's next user run after these kernels.
            dev.Return(partial);
        }
    }

    private static void Launch<A1, A2, A3, A4, A5>(Action<Index1D, A1, A2, A3, A4, A5> k, long n, A1 a1, A2 a2, A3 a3, A4 a4, A5 a5)
        where A1 : struct
        where A2 : struct
        where A3 : struct
        where A4 : struct
        where A5 : struct => IlgpuDevice.Launch(n, k, a1, a2, a3, a4, a5);

    private ArrayView<T> V<T>(Tensor t) where T : unmanaged => dev.Own(t, "ilgpu reduce").View<T>();

    private void Sum<T, TE>(Tensor x, int axis, Tensor y, double scale)
        where T : unmanaged
        where TE : struct, IElem<T>
    {
        var (outer, n, inner) = x.Shape.Split(axis);
        if (outer * inner == 1)
        {
            // One output (SumAll): fixed chunks in parallel instead of one long sequential thread.
            ScalarSum<T, TE>(x, x, y, ReduceKernels.TermValue, scale, 1.0);
            return;
        }

        IlgpuDevice.Launch(y.Numel, dev.Load<ArrayView<T>, ArrayView<T>, int, int, double>(ReduceKernels.Sum<T, TE>), V<T>(x), V<T>(y), n, (int)inner, scale);
    }
}
