using System.Numerics;
using CrystalKernels.Tensors.Backends.Cpu.Gemm;

namespace CrystalKernels.Tensors.Backends.Cpu;

public sealed partial class CpuMatMulKernels
{
    public void Linear(Tensor x, Tensor w, Tensor? bias, Tensor y)
    {
        if (x.DType == DType.Float32)
        {
            Linear<float>(x, w, bias, y);
        }
        else
        {
            Linear<double>(x, w, bias, y);
        }
    }

    public void LinearBackward(Tensor x, Tensor w, Tensor dy, Tensor? dx, Tensor? dw, Tensor? dbias)
    {
        if (x.DType == DType.Float32)
        {
            LinearBackward<float>(x, w, dy, dx, dw, dbias);
        }
        else
        {
            LinearBackward<double>(x, w, dy, dx, dw, dbias);
        }
    }

    private static void Linear<T>(Tensor tx, Tensor tw, Tensor? tbias, Tensor ty)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var (outF, inF) = (tw.Shape[0], tw.Shape[1]);
        var rows = checked((int)(tx.Numel / Math.Max(1, inF)));
        var y = ty.Span<T>();
        var beta = T.Zero;
        if (tbias is not null)
        {
            // Seed every row with the bias and let the GEMM accumulate onto it (beta = 1).
            var b = tbias.Span<T>();
            for (var r = 0; r < rows; r++)
            {
                b.CopyTo(y.Slice(r * outF, outF));
            }

            beta = T.One;
        }

        // y[rows, out] = x[rows, in] · w[out, in]ᵀ
        CpuGemm.Gemm(false, true, rows, outF, inF, T.One, tx.Span<T>(), inF, tw.Span<T>(), inF, beta, y, outF);
    }

    private static void LinearBackward<T>(Tensor tx, Tensor tw, Tensor tdy, Tensor? tdx, Tensor? tdw, Tensor? tdb)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var (outF, inF) = (tw.Shape[0], tw.Shape[1]);
        var rows = checked((int)(tx.Numel / Math.Max(1, inF)));
        var dy = tdy.Span<T>();
        if (tdx is not null)
        {
            // dx[rows, in] += dy[rows, out] · w[out, in]
            CpuGemm.Gemm(false, false, rows, inF, outF, T.One, dy, outF, tw.Span<T>(), inF, T.One, tdx.Span<T>(), inF);
        }

        if (tdw is not null)
        {
            // dw[out, in] += dy[rows, out]ᵀ · x[rows, in]
            CpuGemm.Gemm(true, false, outF, inF, rows, T.One, dy, outF, tx.Span<T>(), inF, T.One, tdw.Span<T>(), inF);
        }

        if (tdb is not null)
        {
            ColumnSums<T>(tdy, rows, outF, tdb);
        }
    }

    /// <summary>db[j] += Σ_r dy[r, j], rows added in ascending order per column (column chunks run in parallel).</summary>
    private static void ColumnSums<T>(Tensor tdy, int rows, int cols, Tensor tdb)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        CpuParallel.For(cols, Math.Max(64, CpuReduceKernels.SumGrain / Math.Max(1, rows)), (c0, c1) =>
        {
            var dy = tdy.Span<T>();
            var db = tdb.Span<T>();
            var len = (int)(c1 - c0);
            var acc = new double[len];
            for (var r = 0; r < rows; r++)
            {
                var row = dy.Slice(r * cols + (int)c0, len);
                for (var j = 0; j < len; j++)
                {
                    acc[j] += double.CreateTruncating(row[j]);
                }
            }

            for (var j = 0; j < len; j++)
            {
                db[(int)c0 + j] += T.CreateTruncating(acc[j]);
            }
        });
    }
}
