using System.Numerics;

namespace CrystalKernels.Tensors.Backends.Cpu;

/// <summary>Mean squared error and mean absolute error: elementwise losses over equal-shape pred and target.</summary>
public sealed partial class CpuLossKernels
{
    public void Mse(Tensor pred, Tensor target, Tensor loss) => Regression(pred, target, loss, squared: true);

    public void L1(Tensor pred, Tensor target, Tensor loss) => Regression(pred, target, loss, squared: false);

    public void MseBackward(Tensor pred, Tensor target, Tensor dLoss, Tensor? dPred, Tensor? dTarget) =>
        RegressionBackward(pred, target, dLoss, dPred, dTarget, squared: true);

    public void L1Backward(Tensor pred, Tensor target, Tensor dLoss, Tensor? dPred, Tensor? dTarget) =>
        RegressionBackward(pred, target, dLoss, dPred, dTarget, squared: false);

    private static void Regression(Tensor pred, Tensor target, Tensor loss, bool squared)
    {
        if (pred.DType == DType.Float32)
        {
            Regression<float>(pred, target, loss, squared);
        }
        else
        {
            Regression<double>(pred, target, loss, squared);
        }
    }

    private static void RegressionBackward(Tensor pred, Tensor target, Tensor dLoss, Tensor? dPred, Tensor? dTarget, bool squared)
    {
        if (pred.DType == DType.Float32)
        {
            RegressionBackward<float>(pred, target, dLoss, dPred, dTarget, squared);
        }
        else
        {
            RegressionBackward<double>(pred, target, dLoss, dPred, dTarget, squared);
        }
    }

    private static void Regression<T>(Tensor tp, Tensor tt, Tensor tloss, bool squared)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var total = CpuReduceKernels.FixedOrderSum(tp.Numel, (s, e) =>
        {
            var p = tp.Span<T>();
            var t = tt.Span<T>();
            var acc = 0.0;
            for (var i = (int)s; i < (int)e; i++)
            {
                var d = double.CreateTruncating(p[i]) - double.CreateTruncating(t[i]);
                acc += squared ? d * d : Math.Abs(d);
            }

            return acc;
        });
        tloss.Span<T>()[0] = T.CreateTruncating(total / tp.Numel);
    }

    private static void RegressionBackward<T>(Tensor tp, Tensor tt, Tensor tdLoss, Tensor? tdp, Tensor? tdt, bool squared)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var g = T.CreateTruncating(double.CreateTruncating(tdLoss.Span<T>()[0]) / tp.Numel);
        var two = T.CreateTruncating(2.0);
        CpuParallel.For(tp.Numel, CpuReduceKernels.SumGrain, (s, e) =>
        {
            var p = tp.Span<T>();
            var t = tt.Span<T>();
            var dp = tdp is null ? default : tdp.Span<T>();
            var dt = tdt is null ? default : tdt.Span<T>();
            for (var i = (int)s; i < (int)e; i++)
            {
                var diff = p[i] - t[i];
                // d|d|/dd = sign(d), with sign(0) = 0 like torch.sign (L1 has no gradient at a tie); NaN stays NaN
                // (T.Sign would throw on it).
                var v = squared ? g * two * diff
                    : diff > T.Zero ? g : diff < T.Zero ? -g : T.IsNaN(diff) ? diff : T.Zero;
                if (tdp is not null)
                {
                    dp[i] += v;
                }

                if (tdt is not null)
                {
                    dt[i] -= v;
                }
            }
        });
    }
}
