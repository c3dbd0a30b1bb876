using System.Numerics;
using CrystalKernels.Tensors.Kernels;

namespace CrystalKernels.Tensors.Backends.Cpu;

/// <summary>
/// CPU reduce kernels, generic over float and double. Sums accumulate in double in a fixed order (ascending along the
/// axis, chunk partials added in chunk order), so results do not depend on the thread count.
/// </summary>
public sealed partial class CpuReduceKernels : IReduceKernels
{
    public void Sum(Tensor x, int axis, Tensor y, double scale)
    {
        if (x.DType == DType.Float32)
        {
            Sum<float>(x, axis, y, scale);
        }
        else
        {
            Sum<double>(x, axis, y, scale);
        }
    }

    public void SumBackward(Tensor dy, int axis, Tensor dx, double scale)
    {
        if (dx.DType == DType.Float32)
        {
            SumBackward<float>(dy, axis, dx, scale);
        }
        else
        {
            SumBackward<double>(dy, axis, dx, scale);
        }
    }

    public void Max(Tensor x, int axis, Tensor y, Tensor argMax)
    {
        if (x.DType == DType.Float32)
        {
            Max<float>(x, axis, y, argMax);
        }
        else
        {
            Max<double>(x, axis, y, argMax);
        }
    }

    public void MaxBackward(Tensor dy, Tensor argMax, int axis, Tensor dx)
    {
        if (dx.DType == DType.Float32)
        {
            MaxBackward<float>(dy, argMax, axis, dx);
        }
        else
        {
            MaxBackward<double>(dy, argMax, axis, dx);
        }
    }

    /// <summary>Output elements per parallel chunk so that a chunk reads about <see cref="SumGrain"/> inputs.</summary>
    private static long OutputGrain(int n) => Math.Max(1, SumGrain / Math.Max(1, n));

    private static void Sum<T>(Tensor tx, int axis, Tensor ty, double scale)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var (outer, n, inner) = tx.Shape.Split(axis);
        if (outer * inner == 1)
        {
            // One output (SumAll): split the long axis into fixed chunks instead of one sequential pass.
            var total = FixedOrderSum(n, (s, e) => BlockedSum<T>(tx.Span<T>().Slice((int)s, (int)(e - s))));
            ty.Span<T>()[0] = T.CreateTruncating(total * scale);
            return;
        }

        if (inner == 1)
        {
            // Row sums over contiguous rows (the common last-axis case): SIMD blocks, no strided walk.
            CpuParallel.For(outer, OutputGrain(n), (s, e) =>
            {
                var x = tx.Span<T>();
                var y = ty.Span<T>();
                for (var o = (int)s; o < (int)e; o++)
                {
                    y[o] = T.CreateTruncating(BlockedSum<T>(x.Slice(o * n, n)) * scale);
                }
            });
            return;
        }

        CpuParallel.For(outer * inner, OutputGrain(n), (s, e) =>
        {
            var x = tx.Span<T>();
            var y = ty.Span<T>();
            var acc = new double[Math.Min(e - s, inner)];
            // Walk the chunk as runs of consecutive inner positions sharing one o, so every read is contiguous.
            for (var o = s / inner; o * inner < e; o++)
            {
                var i0 = (int)(Math.Max(s, o * inner) - o * inner);
                var len = (int)(Math.Min(e, (o + 1) * inner) - o * inner) - i0;
                Array.Clear(acc, 0, len);
                for (var a = 0; a < n; a++)
                {
                    var row = x.Slice((int)((o * n + a) * inner) + i0, len);
                    for (var j = 0; j < len; j++)
                    {
                        acc[j] += double.CreateTruncating(row[j]);
                    }
                }

                var dst = y.Slice((int)(o * inner) + i0, len);
                for (var j = 0; j < len; j++)
                {
                    dst[j] = T.CreateTruncating(acc[j] * scale);
                }
            }
        });
    }

    /// <summary>
    /// Sum of a contiguous run: SIMD sums (TensorPrimitives, in T) of fixed 256-element blocks, added in order in
    /// double. The blocks depend only on the length, so the result is the same for any thread count; the in-T part
    /// is short enough that float32 keeps ~1e-7 relative accuracy.
    /// </summary>
    internal static double BlockedSum<T>(ReadOnlySpan<T> x)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        const int block = 256;
        var acc = 0.0;
        for (var i = 0; i < x.Length; i += block)
        {
            acc += double.CreateTruncating(System.Numerics.Tensors.TensorPrimitives.Sum(x.Slice(i, Math.Min(block, x.Length - i))));
        }

        return acc;
    }

    private static void SumBackward<T>(Tensor tdy, int axis, Tensor tdx, double scale)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var (outer, n, inner) = tdx.Shape.Split(axis);
        var sc = T.CreateTruncating(scale);
        CpuParallel.For(outer * n, Math.Max(1, SumGrain / Math.Max(1, inner)), (s, e) =>
        {
            var dy = tdy.Span<T>();
            var dx = tdx.Span<T>();
            for (var r = s; r < e; r++)
            {
                var g = dy.Slice((int)(r / n * inner), (int)inner);
                var d = dx.Slice((int)(r * inner), (int)inner);
                for (var j = 0; j < d.Length; j++)
                {
                    d[j] += sc * g[j];
                }
            }
        });
    }

    private static void Max<T>(Tensor tx, int axis, Tensor ty, Tensor targ)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var (outer, n, inner) = tx.Shape.Split(axis);
        CpuParallel.For(outer * inner, OutputGrain(n), (s, e) =>
        {
            var x = tx.Span<T>();
            var y = ty.Span<T>();
            var arg = targ.Span<int>();
            for (var o = s / inner; o * inner < e; o++)
            {
                var i0 = (int)(Math.Max(s, o * inner) - o * inner);
                var len = (int)(Math.Min(e, (o + 1) * inner) - o * inner) - i0;
                var best = y.Slice((int)(o * inner) + i0, len);
                var bestAt = arg.Slice((int)(o * inner) + i0, len);
                x.Slice((int)(o * n * inner) + i0, len).CopyTo(best);
                bestAt.Clear();
                for (var a = 1; a < n; a++)
                {
                    var row = x.Slice((int)((o * n + a) * inner) + i0, len);
                    for (var j = 0; j < len; j++)
                    {
                        // Strictly greater keeps the first arg-max on ties; a NaN propagates like torch.max.
                        if (row[j] > best[j] || (T.IsNaN(row[j]) && !T.IsNaN(best[j])))
                        {
                            best[j] = row[j];
                            bestAt[j] = a;
                        }
                    }
                }
            }
        });
    }

    private static void MaxBackward<T>(Tensor tdy, Tensor targ, int axis, Tensor tdx)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var (_, n, inner) = tdx.Shape.Split(axis);
        CpuParallel.For(tdy.Numel, SumGrain, (s, e) =>
        {
            var dy = tdy.Span<T>();
            var dx = tdx.Span<T>();
            var arg = targ.Span<int>();
            for (var q = s; q < e; q++)
            {
                var o = q / inner;
                var i = q - o * inner;
                dx[(int)((o * n + arg[(int)q]) * inner + i)] += dy[(int)q];
            }
        });
    }
}
