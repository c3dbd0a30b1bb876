using System.Numerics;
using System.Numerics.Tensors;
using CrystalKernels.Tensors.Kernels;

namespace CrystalKernels.Tensors.Backends.Cpu;

/// <summary>
/// CPU layout kernels, generic over float, double and int32 (index tensors can be concatenated, sliced and permuted
/// too). Every output element is written by exactly one loop iteration, so any chunking gives the same result.
/// </summary>
public sealed partial class CpuLayoutKernels : ILayoutKernels
{
    /// <summary>Elements per parallel chunk: large enough to amortise the task, small enough to balance.</summary>
    private const long Grain = 16384;

    public void CopySlab(Tensor src, int srcStart, Tensor dst, int dstStart, int axis, int length, bool accumulate)
    {
        switch (src.DType)
        {
            case DType.Float32: CopySlab<float>(src, srcStart, dst, dstStart, axis, length, accumulate); break;
            case DType.Float64: CopySlab<double>(src, srcStart, dst, dstStart, axis, length, accumulate); break;
            default: CopySlab<int>(src, srcStart, dst, dstStart, axis, length, accumulate); break;
        }
    }

    public void Permute(Tensor x, int[] axes, Tensor y, bool accumulate)
    {
        switch (x.DType)
        {
            case DType.Float32: Permute<float>(x, axes, y, accumulate); break;
            case DType.Float64: Permute<double>(x, axes, y, accumulate); break;
            default: Permute<int>(x, axes, y, accumulate); break;
        }
    }

    public void Accumulate(Tensor src, Tensor dst)
    {
        switch (src.DType)
        {
            case DType.Float32: TensorPrimitives.Add(dst.Span<float>(), src.Span<float>(), dst.Span<float>()); break;
            case DType.Float64: TensorPrimitives.Add(dst.Span<double>(), src.Span<double>(), dst.Span<double>()); break;
            default: TensorPrimitives.Add(dst.Span<int>(), src.Span<int>(), dst.Span<int>()); break;
        }
    }

    // src viewed as [outer, srcAxis, inner], dst as [outer, dstAxis, inner]; each outer block moves one contiguous run
    // of length * inner elements.
    private static void CopySlab<T>(Tensor tsrc, int srcStart, Tensor tdst, int dstStart, int axis, int length, bool accumulate)
        where T : unmanaged, INumber<T>
    {
        var (outer, srcAxis, inner) = tsrc.Shape.Split(axis);
        var dstAxis = tdst.Shape[axis];
        var run = length * inner;
        if (run == 0)
        {
            return;
        }

        CpuParallel.For(outer, Math.Max(1, Grain / run), (o0, o1) =>
        {
            var src = tsrc.Span<T>();
            var dst = tdst.Span<T>();
            for (var o = o0; o < o1; o++)
            {
                var s = src.Slice(checked((int)(((o * srcAxis) + srcStart) * inner)), (int)run);
                var d = dst.Slice(checked((int)(((o * dstAxis) + dstStart) * inner)), (int)run);
                if (accumulate)
                {
                    TensorPrimitives.Add<T>(d, s, d);
                }
                else
                {
                    s.CopyTo(d);
                }
            }
        });
    }

    // Walks y in storage order, one output row (last axis) per step; the matching x elements are stepped with the
    // x-stride of the axis that became y's last axis.
    private static void Permute<T>(Tensor tx, int[] axes, Tensor ty, bool accumulate)
        where T : unmanaged, INumber<T>
    {
        var rank = axes.Length;
        if (ty.Numel == 0)
        {
            return;
        }

        if (rank == 0)
        {
            Assign(ref ty.Span<T>()[0], tx.Span<T>()[0], accumulate);
            return;
        }

        var xd = tx.Shape.Dims;
        var xStride = new long[rank];
        xStride[rank - 1] = 1;
        for (var a = rank - 2; a >= 0; a--)
        {
            xStride[a] = xStride[a + 1] * xd[a + 1];
        }

        // For each y axis k: its size and the x stride of the axis it came from.
        var yDim = new int[rank];
        var step = new long[rank];
        for (var k = 0; k < rank; k++)
        {
            yDim[k] = xd[axes[k]];
            step[k] = xStride[axes[k]];
        }

        var cols = yDim[rank - 1];
        var lastStep = step[rank - 1];
        var rows = ty.Numel / cols;
        CpuParallel.For(rows, Math.Max(1, Grain / cols), (r0, r1) =>
        {
            var x = tx.Span<T>();
            var y = ty.Span<T>();
            for (var r = r0; r < r1; r++)
            {
                // Offset in x of y's row r: decompose r over y's leading axes.
                long xOff = 0, rem = r;
                for (var k = rank - 2; k >= 0; k--)
                {
                    xOff += rem % yDim[k] * step[k];
                    rem /= yDim[k];
                }

                var yOff = (int)(r * cols);
                for (var j = 0; j < cols; j++)
                {
                    Assign(ref y[yOff + j], x[(int)(xOff + (j * lastStep))], accumulate);
                }
            }
        });
    }

    private static void Assign<T>(ref T dst, T value, bool accumulate)
        where T : INumber<T> => dst = accumulate ? dst + value : value;
}
