using System.Numerics;
using System.Numerics.Tensors;

namespace CrystalKernels.Tensors.Backends.Cpu;

public sealed partial class CpuReduceKernels
{
    public void Softmax(Tensor x, Tensor y, bool log)
    {
        if (x.DType == DType.Float32)
        {
            Softmax<float>(x, y, log);
        }
        else
        {
            Softmax<double>(x, y, log);
        }
    }

    public void SoftmaxBackward(Tensor y, Tensor dy, Tensor dx, bool log)
    {
        if (y.DType == DType.Float32)
        {
            SoftmaxBackward<float>(y, dy, dx, log);
        }
        else
        {
            SoftmaxBackward<double>(y, dy, dx, log);
        }
    }

    private static void Softmax<T>(Tensor tx, Tensor ty, bool log)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var cols = tx.Shape.Cols;
        CpuParallel.For(tx.Shape.Rows, OutputGrain(cols), (r0, r1) =>
        {
            var x = tx.Span<T>();
            var y = ty.Span<T>();
            for (var r = r0; r < r1; r++)
            {
                var xr = x.Slice((int)(r * cols), cols);
                var yr = y.Slice((int)(r * cols), cols);
                // Subtracting the row max keeps every exponent <= 0: no overflow, and the largest term is exactly 1.
                var max = TensorPrimitives.Max<T>(xr);
                TensorPrimitives.Subtract(xr, max, yr);
                TensorPrimitives.Exp<T>(yr, yr);
                var sum = 0.0;
                foreach (var v in yr)
                {
                    sum += double.CreateTruncating(v);
                }

                if (log)
                {
                    // (x - max) - log Σ, not x - (max + log Σ): the shifted value is exact, so a large max costs no digits.
                    TensorPrimitives.Subtract(xr, max, yr);
                    TensorPrimitives.Subtract(yr, T.CreateTruncating(Math.Log(sum)), yr);
                }
                else
                {
                    TensorPrimitives.Multiply(yr, T.CreateTruncating(1.0 / sum), yr);
                }
            }
        });
    }

    private static void SoftmaxBackward<T>(Tensor ty, Tensor tdy, Tensor tdx, bool log)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var cols = ty.Shape.Cols;
        CpuParallel.For(ty.Shape.Rows, OutputGrain(cols), (r0, r1) =>
        {
            var y = ty.Span<T>();
            var dy = tdy.Span<T>();
            var dx = tdx.Span<T>();
            for (var r = r0; r < r1; r++)
            {
                var yr = y.Slice((int)(r * cols), cols);
                var gr = dy.Slice((int)(r * cols), cols);
                var dr = dx.Slice((int)(r * cols), cols);
                var dot = 0.0;
                for (var j = 0; j < cols; j++)
                {
                    dot += log ? double.CreateTruncating(gr[j]) : double.CreateTruncating(gr[j] * yr[j]);
                }

                var d = T.CreateTruncating(dot);
                for (var j = 0; j < cols; j++)
                {
                    dr[j] += log ? gr[j] - T.Exp(yr[j]) * d : yr[j] * (gr[j] - d);
                }
            }
        });
    }
}
