using System.Numerics;
using System.Numerics.Tensors;
using CrystalKernels.Tensors.Kernels;

namespace CrystalKernels.Tensors.Backends.Cpu;

/// <summary>
/// CPU graph kernels. Gathers are parallel over output rows. Scatters and segment reductions are parallel over
/// destination rows, each summing its source rows in ascending order, so no two chunks touch one output row and the
/// bits do not depend on the thread count. Gather and scatter are generic over float, double and int32.
/// </summary>
public sealed partial class CpuGraphKernels : IGraphKernels
{
    private const long Grain = 16384;

    public void Gather(Tensor x, Tensor index, Tensor y, bool accumulate)
    {
        switch (x.DType)
        {
            case DType.Float32: Gather<float>(x, index, y, accumulate); break;
            case DType.Float64: Gather<double>(x, index, y, accumulate); break;
            default: Gather<int>(x, index, y, accumulate); break;
        }
    }

    public void ScatterAdd(Tensor src, Tensor index, Tensor y, bool accumulate)
    {
        switch (src.DType)
        {
            case DType.Float32: ScatterAdd<float>(src, index, y, accumulate); break;
            case DType.Float64: ScatterAdd<double>(src, index, y, accumulate); break;
            default: ScatterAdd<int>(src, index, y, accumulate); break;
        }
    }

    /// <summary>Row length (product of the dims after the first) of a [rows, ...] tensor.</summary>
    internal static int RowLength(Tensor t) => t.Rank <= 1 ? 1 : checked((int)t.Shape.Split(0).Inner);

    /// <summary>Rows per chunk so that one chunk moves about <see cref="Grain"/> elements.</summary>
    internal static long RowGrain(long rowLength) => Math.Max(1, Grain / Math.Max(1, rowLength));

    private static void Gather<T>(Tensor tx, Tensor tindex, Tensor ty, bool accumulate)
        where T : unmanaged, INumber<T>
    {
        var d = RowLength(ty);
        CpuParallel.For(tindex.Numel, RowGrain(d), (e0, e1) =>
        {
            var x = tx.Span<T>();
            var y = ty.Span<T>();
            var index = tindex.Span<int>();
            for (var e = (int)e0; e < (int)e1; e++)
            {
                var s = x.Slice(index[e] * d, d);
                var o = y.Slice(e * d, d);
                if (accumulate)
                {
                    TensorPrimitives.Add<T>(o, s, o);
                }
                else
                {
                    s.CopyTo(o);
                }
            }
        });
    }

    private static void ScatterAdd<T>(Tensor tsrc, Tensor tindex, Tensor ty, bool accumulate)
        where T : unmanaged, INumber<T>
    {
        var n = ty.Shape.Rank == 0 ? 1 : ty.Shape[0];
        var d = RowLength(ty);
        var (rowPtr, order) = CsrOf(tindex.Span<int>(), n);
        CpuParallel.For(n, RowGrain(d * Math.Max(1, tindex.Numel / Math.Max(1, n))), (i0, i1) =>
        {
            var src = tsrc.Span<T>();
            var y = ty.Span<T>();
            for (var i = (int)i0; i < (int)i1; i++)
            {
                var o = y.Slice(i * d, d);
                if (!accumulate)
                {
                    o.Clear();
                }

                for (var k = rowPtr[i]; k < rowPtr[i + 1]; k++)
                {
                    var s = src.Slice(order[k] * d, d);
                    TensorPrimitives.Add<T>(o, s, o);
                }
            }
        });
    }

    /// <summary>
    /// Stable counting sort of the index: order[rowPtr[n] .. rowPtr[n+1]] lists, ascending, the e with index[e] = n.
    /// O(E + N) sequential; the reductions that use it are then parallel over n and deterministic.
    /// </summary>
    internal static (int[] RowPtr, int[] Order) CsrOf(ReadOnlySpan<int> index, int n)
    {
        var rowPtr = new int[n + 1];
        foreach (var v in index)
        {
            rowPtr[v + 1]++;
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
