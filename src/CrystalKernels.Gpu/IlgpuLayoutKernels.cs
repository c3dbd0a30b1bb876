using CrystalKernels.Gpu.Kernels;
using CrystalKernels.Tensors;
using CrystalKernels.Tensors.Kernels;
using ILGPU;

namespace CrystalKernels.Gpu;

/// <summary>ILGPU layout kernels for float32, float64 and int32 (index tensors are concatenated and sliced too).</summary>
public sealed class IlgpuLayoutKernels(IlgpuDevice dev) : ILayoutKernels
{
    public void CopySlab(Tensor src, int srcStart, Tensor dst, int dstStart, int axis, int length, bool accumulate)
    {
        switch (src.DType)
        {
            case DType.Float32: CopySlab<float, F32>(src, srcStart, dst, dstStart, axis, length, accumulate); break;
            case DType.Float64: CopySlab<double, F64>(src, srcStart, dst, dstStart, axis, length, accumulate); break;
            default: CopySlab<int, I32>(src, srcStart, dst, dstStart, axis, length, accumulate); break;
        }
    }

    public void Permute(Tensor x, int[] axes, Tensor y, bool accumulate)
    {
        switch (x.DType)
        {
            case DType.Float32: Permute<float, F32>(x, axes, y, accumulate); break;
            case DType.Float64: Permute<double, F64>(x, axes, y, accumulate); break;
            default: Permute<int, I32>(x, axes, y, accumulate); break;
        }
    }

    public void Accumulate(Tensor src, Tensor dst)
    {
        switch (src.DType)
        {
            case DType.Float32: Accumulate<float, F32>(src, dst); break;
            case DType.Float64: Accumulate<double, F64>(src, dst); break;
            default: Accumulate<int, I32>(src, dst); break;
        }
    }

    private ArrayView<T> V<T>(Tensor t) where T : unmanaged => dev.Own(t, "ilgpu layout").View<T>();

    private void CopySlab<T, TE>(Tensor src, int srcStart, Tensor dst, int dstStart, int axis, int length, bool accumulate)
        where T : unmanaged
        where TE : struct, IElem<T>
    {
        var (outer, srcAxis, inner) = src.Shape.Split(axis);
        var run = checked((int)(length * inner));
        var k = dev.Load<ArrayView<T>, ArrayView<T>, int, int, int, int, int, int, int>(LayoutKernels.CopySlab<T, TE>);
        IlgpuDevice.Launch(outer * run, k, V<T>(src), V<T>(dst), srcStart, srcAxis, dstStart, dst.Shape[axis], run, (int)inner, accumulate ? 1 : 0);
    }

    private void Permute<T, TE>(Tensor x, int[] axes, Tensor y, bool accumulate)
        where T : unmanaged
        where TE : struct, IElem<T>
    {
        var rank = axes.Length;
        if (y.Numel == 0)
        {
            return;
        }

        var xd = x.Shape.Dims;
        var stride = new int[rank];
        var s = 1;
        for (var a = rank - 1; a >= 0; a--)
        {
            stride[a] = s;
            s *= xd[a];
        }

        var meta = new int[Math.Max(1, 2 * rank)];
        for (var k = 0; k < rank; k++)
        {
            meta[k] = xd[axes[k]];
            meta[rank + k] = stride[axes[k]];
        }

        var kern = dev.Load<ArrayView<T>, ArrayView<T>, ArrayView<int>, int, int>(LayoutKernels.Permute<T, TE>);
        IlgpuDevice.Launch(y.Numel, kern, V<T>(x), V<T>(y), dev.Constant(meta), rank, accumulate ? 1 : 0);
    }

    private void Accumulate<T, TE>(Tensor src, Tensor dst)
        where T : unmanaged
        where TE : struct, IElem<T> =>
        IlgpuDevice.Launch(src.Numel, dev.Load<ArrayView<T>, ArrayView<T>>(LayoutKernels.Accumulate<T, TE>), V<T>(src), V<T>(dst));
}
