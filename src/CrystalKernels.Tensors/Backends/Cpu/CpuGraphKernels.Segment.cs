using System.Numerics;
using System.Numerics.Tensors;

namespace CrystalKernels.Tensors.Backends.Cpu;

/// <summary>Segment reductions over destination-sorted CSR rows: parallel over segments, float and double.</summary>
public sealed partial class CpuGraphKernels
{
    public void SegmentSum(Tensor src, Tensor rowPtr, Tensor y)
    {
        if (src.DType == DType.Float32)
        {
            SegmentSum<float>(src, rowPtr, y);
        }
        else
        {
            SegmentSum<double>(src, rowPtr, y);
        }
    }

    public void SegmentSumBackward(Tensor dy, Tensor rowPtr, Tensor dsrc)
    {
        if (dy.DType == DType.Float32)
        {
            SegmentSumBackward<float>(dy, rowPtr, dsrc);
        }
        else
        {
            SegmentSumBackward<double>(dy, rowPtr, dsrc);
        }
    }

    public void SegmentSoftmax(Tensor x, Tensor rowPtr, Tensor y)
    {
        if (x.DType == DType.Float32)
        {
            SegmentSoftmax<float>(x, rowPtr, y);
        }
        else
        {
            SegmentSoftmax<double>(x, rowPtr, y);
        }
    }

    public void SegmentSoftmaxBackward(Tensor y, Tensor dy, Tensor rowPtr, Tensor dx)
    {
        if (y.DType == DType.Float32)
        {
            SegmentSoftmaxBackward<float>(y, dy, rowPtr, dx);
        }
        else
        {
            SegmentSoftmaxBackward<double>(y, dy, rowPtr, dx);
        }
    }

    /// <summary>Segments per chunk, from the mean segment size, so a chunk touches about Grain elements.</summary>
    private static long SegmentGrain(Tensor rowPtr, int d)
    {
        var segments = Math.Max(1, rowPtr.Numel - 1);
        var rows = rowPtr.Span<int>()[^1];
        return RowGrain((long)d * Math.Max(1, rows / segments));
    }

    private static void SegmentSum<T>(Tensor tsrc, Tensor trowPtr, Tensor ty)
        where T : unmanaged, INumber<T>
    {
        var d = RowLength(ty);
        CpuParallel.For(trowPtr.Numel - 1, SegmentGrain(trowPtr, d), (i0, i1) =>
        {
            var src = tsrc.Span<T>();
            var y = ty.Span<T>();
            var rowPtr = trowPtr.Span<int>();
            for (var i = (int)i0; i < (int)i1; i++)
            {
                var o = y.Slice(i * d, d);
                o.Clear();
                for (var e = rowPtr[i]; e < rowPtr[i + 1]; e++)
                {
                    TensorPrimitives.Add<T>(o, src.Slice(e * d, d), o);
                }
            }
        });
    }

    private static void SegmentSumBackward<T>(Tensor tdy, Tensor trowPtr, Tensor tdsrc)
        where T : unmanaged, INumber<T>
    {
        var d = RowLength(tdy);
        CpuParallel.For(trowPtr.Numel - 1, SegmentGrain(trowPtr, d), (i0, i1) =>
        {
            var dy = tdy.Span<T>();
            var dsrc = tdsrc.Span<T>();
            var rowPtr = trowPtr.Span<int>();
            for (var i = (int)i0; i < (int)i1; i++)
            {
                var g = dy.Slice(i * d, d);
                for (var e = rowPtr[i]; e < rowPtr[i + 1]; e++)
                {
                    var o = dsrc.Slice(e * d, d);
                    TensorPrimitives.Add<T>(o, g, o);
                }
            }
        });
    }

    // Per segment and column h: max, then sum of exp(x - max), then y = exp(x - max) / sum. The exponentials are
    // written to y on the second pass and rescaled on the third, so x is read twice and y written twice.
    private static void SegmentSoftmax<T>(Tensor tx, Tensor trowPtr, Tensor ty)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var h = RowLength(tx);
        CpuParallel.For(trowPtr.Numel - 1, SegmentGrain(trowPtr, h), (i0, i1) =>
        {
            var max = new T[h];
            var sum = new T[h];
            var x = tx.Span<T>();
            var y = ty.Span<T>();
            var rowPtr = trowPtr.Span<int>();
            for (var i = (int)i0; i < (int)i1; i++)
            {
                int e0 = rowPtr[i], e1 = rowPtr[i + 1];
                if (e0 == e1)
                {
                    continue;
                }

                x.Slice(e0 * h, h).CopyTo(max);
                for (var e = e0 + 1; e < e1; e++)
                {
                    TensorPrimitives.Max<T>(max, x.Slice(e * h, h), max);
                }

                Array.Clear(sum);
                for (var e = e0; e < e1; e++)
                {
                    var ye = y.Slice(e * h, h);
                    TensorPrimitives.Subtract<T>(x.Slice(e * h, h), max, ye);
                    TensorPrimitives.Exp<T>(ye, ye);
                    TensorPrimitives.Add<T>(sum, ye, sum);
                }

                TensorPrimitives.Reciprocal<T>(sum, sum);
                for (var e = e0; e < e1; e++)
                {
                    var ye = y.Slice(e * h, h);
                    TensorPrimitives.Multiply<T>(ye, sum, ye);
                }
            }
        });
    }

    // dx = y * (dy - s) with s[h] = sum over the segment of dy * y (the softmax Jacobian-vector product).
    private static void SegmentSoftmaxBackward<T>(Tensor ty, Tensor tdy, Tensor trowPtr, Tensor tdx)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var h = RowLength(ty);
        CpuParallel.For(trowPtr.Numel - 1, SegmentGrain(trowPtr, h), (i0, i1) =>
        {
            var s = new T[h];
            var tmp = new T[h];
            var y = ty.Span<T>();
            var dy = tdy.Span<T>();
            var dx = tdx.Span<T>();
            var rowPtr = trowPtr.Span<int>();
            for (var i = (int)i0; i < (int)i1; i++)
            {
                int e0 = rowPtr[i], e1 = rowPtr[i + 1];
                Array.Clear(s);
                for (var e = e0; e < e1; e++)
                {
                    TensorPrimitives.MultiplyAdd<T>(dy.Slice(e * h, h), y.Slice(e * h, h), s, s);
                }

                for (var e = e0; e < e1; e++)
                {
                    TensorPrimitives.Subtract<T>(dy.Slice(e * h, h), s, tmp);
                    var dxe = dx.Slice(e * h, h);
                    TensorPrimitives.MultiplyAdd<T>(tmp, y.Slice(e * h, h), dxe, dxe);
                }
            }
        });
    }
}
