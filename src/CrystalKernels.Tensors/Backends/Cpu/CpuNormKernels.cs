using System.Numerics;
using System.Numerics.Tensors;
using CrystalKernels.Tensors.Kernels;

namespace CrystalKernels.Tensors.Backends.Cpu;

/// <summary>
/// CPU LayerNorm and RmsNorm over the last axis, generic over float and double. Rows are independent and run in
/// parallel. The weight and bias gradients are sums over rows: each fixed block of rows (the blocks depend on the row
/// count only) writes a partial sum, and the partials are added in block order, so the bits do not depend on the
/// thread count.
/// </summary>
public sealed partial class CpuNormKernels : INormKernels
{
    private const long Grain = 16384;

    public void LayerNorm(Tensor x, Tensor w, Tensor b, double eps, Tensor y, Tensor mean, Tensor rstd)
    {
        if (x.DType == DType.Float32)
        {
            LayerNorm<float>(x, w, b, eps, y, mean, rstd);
        }
        else
        {
            LayerNorm<double>(x, w, b, eps, y, mean, rstd);
        }
    }

    public void LayerNormBackward(Tensor dy, Tensor x, Tensor w, Tensor mean, Tensor rstd, Tensor? dx, Tensor? dw, Tensor? db)
    {
        if (x.DType == DType.Float32)
        {
            LayerNormBackward<float>(dy, x, w, mean, rstd, dx, dw, db);
        }
        else
        {
            LayerNormBackward<double>(dy, x, w, mean, rstd, dx, dw, db);
        }
    }

    public void RmsNorm(Tensor x, Tensor w, double eps, Tensor y, Tensor rstd)
    {
        if (x.DType == DType.Float32)
        {
            RmsNorm<float>(x, w, eps, y, rstd);
        }
        else
        {
            RmsNorm<double>(x, w, eps, y, rstd);
        }
    }

    public void RmsNormBackward(Tensor dy, Tensor x, Tensor w, Tensor rstd, Tensor? dx, Tensor? dw)
    {
        if (x.DType == DType.Float32)
        {
            RmsNormBackward<float>(dy, x, w, rstd, dx, dw);
        }
        else
        {
            RmsNormBackward<double>(dy, x, w, rstd, dx, dw);
        }
    }

    private static long RowGrain(int c) => Math.Max(1, Grain / Math.Max(1, c));

    private static void LayerNorm<T>(Tensor tx, Tensor tw, Tensor tb, double eps, Tensor ty, Tensor tmean, Tensor trstd)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var c = tx.Shape.Cols;
        var epsT = T.CreateTruncating(eps);
        var invC = T.One / T.CreateTruncating(c);
        CpuParallel.For(tx.Shape.Rows, RowGrain(c), (r0, r1) =>
        {
            var x = tx.Span<T>();
            var w = tw.Span<T>();
            var b = tb.Span<T>();
            var y = ty.Span<T>();
            var mean = tmean.Span<T>();
            var rstd = trstd.Span<T>();
            for (var r = (int)r0; r < (int)r1; r++)
            {
                var xr = x.Slice(r * c, c);
                var yr = y.Slice(r * c, c);

                // Two passes (mean, then the mean of squared deviations): no cancellation when |mean| >> std.
                var m = TensorPrimitives.Sum<T>(xr) * invC;
                TensorPrimitives.Subtract<T>(xr, m, yr);
                var v = TensorPrimitives.SumOfSquares<T>(yr) * invC;
                var s = T.One / T.Sqrt(v + epsT);
                mean[r] = m;
                rstd[r] = s;
                TensorPrimitives.Multiply<T>(yr, s, yr);
                TensorPrimitives.MultiplyAdd<T>(yr, w, b, yr);
            }
        });
    }

    // llm.c layernorm_backward: norm = (x - mean) * rstd, g = dy * w;
    // dx += rstd * (g - mean(g) - norm * mean(g * norm)); dw += sum_rows dy * norm; db += sum_rows dy.
    private static void LayerNormBackward<T>(Tensor tdy, Tensor tx, Tensor tw, Tensor tmean, Tensor trstd, Tensor? tdx, Tensor? tdw, Tensor? tdb)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var c = tx.Shape.Cols;
        var rows = tx.Shape.Rows;
        var invC = T.One / T.CreateTruncating(c);
        var block = RowGrain(c);
        var blocks = (rows + block - 1) / block;
        var pw = tdw is null ? null : new T[blocks * c];
        var pb = tdb is null ? null : new T[blocks * c];
        CpuParallel.For(blocks, 1, (k0, k1) =>
        {
            var norm = new T[c];
            var g = new T[c];
            var dy = tdy.Span<T>();
            var x = tx.Span<T>();
            var w = tw.Span<T>();
            var mean = tmean.Span<T>();
            var rstd = trstd.Span<T>();
            var dx = tdx is null ? default : tdx.Span<T>();
            for (var k = k0; k < k1; k++)
            {
                var pwk = pw is null ? default : pw.AsSpan((int)(k * c), c);
                var pbk = pb is null ? default : pb.AsSpan((int)(k * c), c);
                for (var r = (int)(k * block); r < (int)Math.Min(rows, (k + 1) * block); r++)
                {
                    var dyr = dy.Slice(r * c, c);
                    TensorPrimitives.Subtract<T>(x.Slice(r * c, c), mean[r], norm);
                    TensorPrimitives.Multiply<T>(norm, rstd[r], norm);
                    if (pw is not null)
                    {
                        TensorPrimitives.MultiplyAdd<T>(dyr, norm, pwk, pwk);
                    }

                    if (pb is not null)
                    {
                        TensorPrimitives.Add<T>(pbk, dyr, pbk);
                    }

                    if (tdx is null)
                    {
                        continue;
                    }

                    TensorPrimitives.Multiply<T>(dyr, w, g);
                    var gMean = TensorPrimitives.Sum<T>(g) * invC;
                    var gNormMean = TensorPrimitives.Dot<T>(g, norm) * invC;
                    var dxr = dx.Slice(r * c, c);
                    for (var j = 0; j < c; j++)
                    {
                        dxr[j] += rstd[r] * (g[j] - gMean - (norm[j] * gNormMean));
                    }
                }
            }
        });

        SumBlocks<T>(pw, tdw, c);
        SumBlocks<T>(pb, tdb, c);
    }

    private static void RmsNorm<T>(Tensor tx, Tensor tw, double eps, Tensor ty, Tensor trstd)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var c = tx.Shape.Cols;
        var epsT = T.CreateTruncating(eps);
        var invC = T.One / T.CreateTruncating(c);
        CpuParallel.For(tx.Shape.Rows, RowGrain(c), (r0, r1) =>
        {
            var x = tx.Span<T>();
            var w = tw.Span<T>();
            var y = ty.Span<T>();
            var rstd = trstd.Span<T>();
            for (var r = (int)r0; r < (int)r1; r++)
            {
                var xr = x.Slice(r * c, c);
                var yr = y.Slice(r * c, c);
                var s = T.One / T.Sqrt((TensorPrimitives.SumOfSquares<T>(xr) * invC) + epsT);
                rstd[r] = s;
                TensorPrimitives.Multiply<T>(xr, s, yr);
                TensorPrimitives.Multiply<T>(yr, w, yr);
            }
        });
    }

    // norm = x * rstd, g = dy * w; dx += rstd * (g - norm * mean(g * norm)); dw += sum_rows dy * norm.
    private static void RmsNormBackward<T>(Tensor tdy, Tensor tx, Tensor tw, Tensor trstd, Tensor? tdx, Tensor? tdw)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var c = tx.Shape.Cols;
        var rows = tx.Shape.Rows;
        var invC = T.One / T.CreateTruncating(c);
        var block = RowGrain(c);
        var blocks = (rows + block - 1) / block;
        var pw = tdw is null ? null : new T[blocks * c];
        CpuParallel.For(blocks, 1, (k0, k1) =>
        {
            var norm = new T[c];
            var g = new T[c];
            var dy = tdy.Span<T>();
            var x = tx.Span<T>();
            var w = tw.Span<T>();
            var rstd = trstd.Span<T>();
            var dx = tdx is null ? default : tdx.Span<T>();
            for (var k = k0; k < k1; k++)
            {
                var pwk = pw is null ? default : pw.AsSpan((int)(k * c), c);
                for (var r = (int)(k * block); r < (int)Math.Min(rows, (k + 1) * block); r++)
                {
                    var dyr = dy.Slice(r * c, c);
                    TensorPrimitives.Multiply<T>(x.Slice(r * c, c), rstd[r], norm);
                    if (pw is not null)
                    {
                        TensorPrimitives.MultiplyAdd<T>(dyr, norm, pwk, pwk);
                    }

                    if (tdx is null)
                    {
                        continue;
                    }

                    TensorPrimitives.Multiply<T>(dyr, w, g);
                    var gNormMean = TensorPrimitives.Dot<T>(g, norm) * invC;
                    var dxr = dx.Slice(r * c, c);
                    for (var j = 0; j < c; j++)
                    {
                        dxr[j] += rstd[r] * (g[j] - (norm[j] * gNormMean));
                    }
                }
            }
        });

        SumBlocks<T>(pw, tdw, c);
    }

    /// <summary>grad += sum over blocks of partial[block], in block order (deterministic).</summary>
    private static void SumBlocks<T>(T[]? partial, Tensor? grad, int c)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (partial is null || grad is null)
        {
            return;
        }

        var dst = grad.Span<T>();
        for (var k = 0; k < partial.Length / Math.Max(1, c); k++)
        {
            TensorPrimitives.Add<T>(dst, partial.AsSpan(k * c, c), dst);
        }
    }
}
