using System.Numerics;
using CrystalKernels.Tensors.Kernels;

namespace CrystalKernels.Tensors.Backends.Cpu;

/// <summary>CPU elementwise kernels, generic over float and double.</summary>
public sealed partial class CpuElementwiseKernels : IElementwiseKernels
{
    public void Binary(BinaryOp op, Broadcast mode, Tensor a, Tensor b, Tensor y)
    {
        if (a.DType == DType.Float32)
        {
            Binary<float>(op, mode, a, b, y);
        }
        else
        {
            Binary<double>(op, mode, a, b, y);
        }
    }

    public void BinaryBackward(BinaryOp op, Broadcast mode, Tensor a, Tensor b, Tensor dy, Tensor? da, Tensor? db)
    {
        if (a.DType == DType.Float32)
        {
            BinaryBackward<float>(op, mode, a, b, dy, da, db);
        }
        else
        {
            BinaryBackward<double>(op, mode, a, b, dy, da, db);
        }
    }

    /// <summary>Index of b's element that pairs with a's element i (rows x cols view of a).</summary>
    private static int BIndex(Broadcast mode, int i, int cols) => mode switch
    {
        Broadcast.None => i,
        Broadcast.Scalar => 0,
        Broadcast.Row => i % cols,
        _ => i / cols,
    };

    private static void Binary<T>(BinaryOp op, Broadcast mode, Tensor ta, Tensor tb, Tensor ty)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var cols = ta.Shape.Cols;
        if (mode == Broadcast.None)
        {
            // Fixed 32k-element chunks: each output element is written by one chunk, so any thread count gives the same bits.
            CpuParallel.For(ta.Numel, 1 << 15, (s0, s1) =>
            {
                var (start, len) = ((int)s0, (int)(s1 - s0));
                var a = ta.Span<T>().Slice(start, len);
                var b = tb.Span<T>().Slice(start, len);
                var y = ty.Span<T>().Slice(start, len);
                switch (op)
                {
                    case BinaryOp.Add: System.Numerics.Tensors.TensorPrimitives.Add<T>(a, b, y); break;
                    case BinaryOp.Sub: System.Numerics.Tensors.TensorPrimitives.Subtract<T>(a, b, y); break;
                    case BinaryOp.Mul: System.Numerics.Tensors.TensorPrimitives.Multiply<T>(a, b, y); break;
                    default: System.Numerics.Tensors.TensorPrimitives.Divide<T>(a, b, y); break;
                }
            });

            return;
        }

        var rows = (int)ta.Shape.Rows;
        CpuParallel.For(rows, Math.Max(1, 16384 / Math.Max(1, cols)), (r0, r1) =>
        {
            var a = ta.Span<T>();
            var b = tb.Span<T>();
            var y = ty.Span<T>();
            for (var i = (int)r0 * cols; i < (int)r1 * cols; i++)
            {
                var bv = b[BIndex(mode, i, cols)];
                y[i] = op switch
                {
                    BinaryOp.Add => a[i] + bv,
                    BinaryOp.Sub => a[i] - bv,
                    BinaryOp.Mul => a[i] * bv,
                    _ => a[i] / bv,
                };
            }
        });
    }

    private static void BinaryBackward<T>(BinaryOp op, Broadcast mode, Tensor ta, Tensor tb, Tensor tdy, Tensor? tda, Tensor? tdb)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var a = ta.Span<T>();
        var b = tb.Span<T>();
        var dy = tdy.Span<T>();
        var cols = ta.Shape.Cols;
        if (tda is not null)
        {
            var da = tda.Span<T>();
            for (var i = 0; i < a.Length; i++)
            {
                var bv = b[BIndex(mode, i, cols)];
                da[i] += op switch
                {
                    BinaryOp.Add or BinaryOp.Sub => dy[i],
                    BinaryOp.Mul => dy[i] * bv,
                    _ => dy[i] / bv,
                };
            }
        }

        if (tdb is not null)
        {
            // Reduction over broadcast positions runs sequentially in a fixed order: deterministic.
            var db = tdb.Span<T>();
            for (var i = 0; i < a.Length; i++)
            {
                var j = BIndex(mode, i, cols);
                var bv = b[j];
                db[j] += op switch
                {
                    BinaryOp.Add => dy[i],
                    BinaryOp.Sub => -dy[i],
                    BinaryOp.Mul => dy[i] * a[i],
                    _ => -dy[i] * a[i] / (bv * bv),
                };
            }
        }
    }
}
