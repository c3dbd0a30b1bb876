using CrystalKernels.Gpu.Kernels;
using CrystalKernels.Tensors;
using CrystalKernels.Tensors.Kernels;
using ILGPU;

namespace CrystalKernels.Gpu;

/// <summary>
/// ILGPU graph kernels. Gather works on float32, float64 and int32; the reductions on float32 and float64.
/// ScatterAdd builds the CSR of an unsorted index on the host (a stable counting sort, as the CPU kernel), which costs
/// one device synchronisation and an O(E) download; destination-sorted graphs use SegmentSum, which needs none.
/// </summary>
public sealed class IlgpuGraphKernels(IlgpuDevice dev) : IGraphKernels
{
    public void Gather(Tensor x, Tensor index, Tensor y, bool accumulate)
    {
        switch (x.DType)
        {
            case DType.Float32: Gather<float, F32>(x, index, y, accumulate); break;
            case DType.Float64: Gather<double, F64>(x, index, y, accumulate); break;
            default: Gather<int, I32>(x, index, y, accumulate); break;
        }
    }

    public void ScatterAdd(Tensor src, Tensor index, Tensor y, bool accumulate)
    {
        switch (src.DType)
        {
            case DType.Float32: ScatterAdd<float, F32>(src, index, y, accumulate); break;
            case DType.Float64: ScatterAdd<double, F64>(src, index, y, accumulate); break;
            default: ScatterAdd<int, I32>(src, index, y, accumulate); break;
        }
    }

    public void SegmentSum(Tensor src, Tensor rowPtr, Tensor y)
    {
        if (src.DType == DType.Float32)
        {
            Segment<float, F32>(GraphKernels.SegmentSum<float, F32>, src, rowPtr, y);
        }
        else
        {
            Segment<double, F64>(GraphKernels.SegmentSum<double, F64>, src, rowPtr, y);
        }
    }

    public void SegmentSumBackward(Tensor dy, Tensor rowPtr, Tensor dsrc)
    {
        if (dy.DType == DType.Float32)
        {
            Segment<float, F32>(GraphKernels.SegmentSumGrad<float, F32>, dy, rowPtr, dsrc);
        }
        else
        {
            Segment<double, F64>(GraphKernels.SegmentSumGrad<double, F64>, dy, rowPtr, dsrc);
        }
    }

    public void SegmentSoftmax(Tensor x, Tensor rowPtr, Tensor y)
    {
        if (x.DType == DType.Float32)
        {
            Segment<float, F32>(GraphKernels.SegmentSoftmax<float, F32>, x, rowPtr, y);
        }
        else
        {
            Segment<double, F64>(GraphKernels.SegmentSoftmax<double, F64>, x, rowPtr, y);
        }
    }

    public void SegmentSoftmaxBackward(Tensor y, Tensor dy, Tensor rowPtr, Tensor dx)
    {
        if (y.DType == DType.Float32)
        {
            SegmentSoftmaxBackward<float, F32>(y, dy, rowPtr, dx);
        }
        else
        {
            SegmentSoftmaxBackward<double, F64>(y, dy, rowPtr, dx);
        }
    }

    /// <summary>Row length (product of the dims after the first) of a [rows, ...] tensor.</summary>
    private static int RowLength(Tensor t) => t.Rank <= 1 ? 1 : checked((int)t.Shape.Split(0).Inner);

    private ArrayView<T> V<T>(Tensor t) where T : unmanaged => dev.Own(t, "ilgpu graph").View<T>();

    private void Gather<T, TE>(Tensor x, Tensor index, Tensor y, bool accumulate)
        where T : unmanaged
        where TE : struct, IElem<T>
    {
        var d = RowLength(y);
        var k = dev.Load<ArrayView<T>, ArrayView<int>, ArrayView<T>, int, int>(GraphKernels.Gather<T, TE>);
        IlgpuDevice.Launch(d == 0 ? 0 : y.Numel, k, V<T>(x), V<int>(index), V<T>(y), d, accumulate ? 1 : 0);
    }

    private void ScatterAdd<T, TE>(Tensor src, Tensor index, Tensor y, bool accumulate)
        where T : unmanaged
        where TE : struct, IElem<T>
    {
        var n = y.Rank == 0 ? 1 : y.Shape[0];
        var d = RowLength(y);
        var (rowPtr, order) = CsrOf(IlgpuDevice.Download(index).Span<int>(), n);
        var rp = dev.UploadScratch(rowPtr);
        var ord = dev.UploadScratch(order);
        try
        {
            var k = dev.Load<ArrayView<T>, ArrayView<int>, ArrayView<int>, ArrayView<T>, int, int>(GraphKernels.ScatterAdd<T, TE>);
            IlgpuDevice.Launch(d == 0 ? 0 : y.Numel, k, V<T>(src), rp.View<int>(), ord.View<int>(), V<T>(y), d, accumulate ? 1 : 0);
        }
        finally
        {
            dev.Return(rp);
            dev.Return(ord);
        }
    }

    /// <summary>One thread per (segment, column) of <paramref name="perSegment"/>, which has rowPtr.Numel - 1 rows.</summary>
    private void Segment<T, TE>(Action<Index1D, ArrayView<T>, ArrayView<int>, ArrayView<T>, int> kernel, Tensor a, Tensor rowPtr, Tensor b)
        where T : unmanaged
        where TE : struct, IElem<T>
    {
        var d = RowLength(a);
        var segments = rowPtr.Numel - 1;
        IlgpuDevice.Launch(segments * d, dev.Load(kernel), V<T>(a), V<int>(rowPtr), V<T>(b), d);
    }

    private void SegmentSoftmaxBackward<T, TE>(Tensor y, Tensor dy, Tensor rowPtr, Tensor dx)
        where T : unmanaged
        where TE : struct, IElem<T>
    {
        var h = RowLength(y);
        var k = dev.Load<ArrayView<T>, ArrayView<T>, ArrayView<int>, ArrayView<T>, int>(GraphKernels.SegmentSoftmaxGrad<T, TE>);
        IlgpuDevice.Launch((rowPtr.Numel - 1) * h, k, V<T>(y), V<T>(dy), V<int>(rowPtr), V<T>(dx), h);
    }

    /// <summary>Stable counting sort of the index: order[rowPtr[n] .. rowPtr[n+1]] lists, ascending, the e with index[e] = n.</summary>
    private static (int[] RowPtr, int[] Order) CsrOf(ReadOnlySpan<int> index, int n)
    {
        var rowPtr = new int[n + 1];
        for (var e = 0; e < index.Length; e++)
        {
            // The ops validate CPU indices only; a device index is checked here, where it is on the host anyway.
            if ((uint)index[e] >= (uint)n)
            {
                throw new ShapeMismatchException("ScatterAdd", $"index[{e}] = {index[e]} is out of range [0, {n}) of the output rows");
            }

            rowPtr[index[e] + 1]++;
        }

        for (var i = 0; i < n; i++)
        {
            rowPtr[i + 1] += rowPtr[i];
        }

        var next = (int[])rowPtr.Clone();
        var order = new int[index.Length];
        for (var e = 0; e < index.Length; e++)
        {
            order[next[index[e]]++] = e;
        }

        return (rowPtr, order);
    }
}
