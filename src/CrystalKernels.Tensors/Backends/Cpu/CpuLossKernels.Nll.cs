using System.Numerics;

namespace CrystalKernels.Tensors.Backends.Cpu;

public sealed partial class CpuLossKernels
{
    public long Nll(Tensor logProbs, Tensor targets, int? ignoreIndex, Tensor loss)
    {
        var count = ValidateTargets("Nll", targets, logProbs.Shape.Cols, ignoreIndex);
        if (logProbs.DType == DType.Float32)
        {
            Nll<float>(logProbs, targets, ignoreIndex, count, loss);
        }
        else
        {
            Nll<double>(logProbs, targets, ignoreIndex, count, loss);
        }

        return count;
    }

    public void NllBackward(Tensor targets, int? ignoreIndex, long count, Tensor dLoss, Tensor dLogProbs)
    {
        if (dLogProbs.DType == DType.Float32)
        {
            NllBackward<float>(targets, ignoreIndex, count, dLoss, dLogProbs);
        }
        else
        {
            NllBackward<double>(targets, ignoreIndex, count, dLoss, dLogProbs);
        }
    }

    private static void Nll<T>(Tensor tlp, Tensor ttargets, int? ignoreIndex, long count, Tensor tloss)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var cols = tlp.Shape.Cols;
        var total = CpuReduceKernels.FixedOrderSum(ttargets.Numel, (s, e) =>
        {
            var lp = tlp.Span<T>();
            var t = ttargets.Span<int>();
            var acc = 0.0;
            for (var r = (int)s; r < (int)e; r++)
            {
                if (!Ignored(t[r], ignoreIndex))
                {
                    acc -= double.CreateTruncating(lp[r * cols + t[r]]);
                }
            }

            return acc;
        });

        // All rows ignored gives 0 / 0 = NaN, as torch.nn.functional.nll_loss does.
        tloss.Span<T>()[0] = T.CreateTruncating(total / count);
    }

    private static void NllBackward<T>(Tensor ttargets, int? ignoreIndex, long count, Tensor tdLoss, Tensor tdlp)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (count == 0)
        {
            return;
        }

        var g = T.CreateTruncating(double.CreateTruncating(tdLoss.Span<T>()[0]) / count);
        var cols = tdlp.Shape.Cols;
        var t = ttargets.Span<int>();
        var d = tdlp.Span<T>();
        for (var r = 0; r < t.Length; r++)
        {
            if (!Ignored(t[r], ignoreIndex))
            {
                d[r * cols + t[r]] -= g;
            }
        }
    }
}
