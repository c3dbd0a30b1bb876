using System.Numerics;

namespace CrystalKernels.Tensors.Backends.Cpu;

public sealed partial class CpuLossKernels
{
    public long CrossEntropy(Tensor logits, Tensor targets, int? ignoreIndex, Tensor logSumExp, Tensor loss)
    {
        var count = ValidateTargets("CrossEntropy", targets, logits.Shape.Cols, ignoreIndex);
        if (logits.DType == DType.Float32)
        {
            CrossEntropy<float>(logits, targets, ignoreIndex, count, logSumExp, loss);
        }
        else
        {
            CrossEntropy<double>(logits, targets, ignoreIndex, count, logSumExp, loss);
        }

        return count;
    }

    public void CrossEntropyBackward(Tensor logits, Tensor targets, int? ignoreIndex, long count, Tensor logSumExp, Tensor dLoss, Tensor dLogits)
    {
        if (logits.DType == DType.Float32)
        {
            CrossEntropyBackward<float>(logits, targets, ignoreIndex, count, logSumExp, dLoss, dLogits);
        }
        else
        {
            CrossEntropyBackward<double>(logits, targets, ignoreIndex, count, logSumExp, dLoss, dLogits);
        }
    }

    private static void CrossEntropy<T>(Tensor tx, Tensor ttargets, int? ignoreIndex, long count, Tensor tlse, Tensor tloss)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var cols = tx.Shape.Cols;
        var total = CpuReduceKernels.FixedOrderSum(ttargets.Numel, (s, e) =>
        {
            var x = tx.Span<T>();
            var t = ttargets.Span<int>();
            var lse = tlse.Span<T>();
            var acc = 0.0;
            for (var r = (int)s; r < (int)e; r++)
            {
                var row = x.Slice(r * cols, cols);
                // log Σ exp(x) = max + log Σ exp(x - max): stable, in double for float32 inputs too.
                var max = double.CreateTruncating(row[0]);
                for (var c = 1; c < cols; c++)
                {
                    max = Math.Max(max, double.CreateTruncating(row[c]));
                }

                var sum = 0.0;
                for (var c = 0; c < cols; c++)
                {
                    sum += Math.Exp(double.CreateTruncating(row[c]) - max);
                }

                var l = max + Math.Log(sum);
                lse[r] = T.CreateTruncating(l);
                if (!Ignored(t[r], ignoreIndex))
                {
                    acc += l - double.CreateTruncating(row[t[r]]);
                }
            }

            return acc;
        });

        // All rows ignored gives 0 / 0 = NaN, as torch.nn.functional.cross_entropy does.
        tloss.Span<T>()[0] = T.CreateTruncating(total / count);
    }

    private static void CrossEntropyBackward<T>(Tensor tx, Tensor ttargets, int? ignoreIndex, long count, Tensor tlse, Tensor tdLoss, Tensor tdx)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (count == 0)
        {
            return;
        }

        var g = T.CreateTruncating(double.CreateTruncating(tdLoss.Span<T>()[0]) / count);
        var cols = tx.Shape.Cols;
        CpuParallel.For(ttargets.Numel, Math.Max(1, CpuReduceKernels.SumGrain / Math.Max(1, cols)), (s, e) =>
        {
            var x = tx.Span<T>();
            var t = ttargets.Span<int>();
            var lse = tlse.Span<T>();
            var dx = tdx.Span<T>();
            for (var r = (int)s; r < (int)e; r++)
            {
                if (Ignored(t[r], ignoreIndex))
                {
                    continue;
                }

                var row = x.Slice(r * cols, cols);
                var d = dx.Slice(r * cols, cols);
                for (var c = 0; c < cols; c++)
                {
                    d[c] += g * T.Exp(row[c] - lse[r]);
                }

                d[t[r]] -= g;
            }
        });
    }
}
