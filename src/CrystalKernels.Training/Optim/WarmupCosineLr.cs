namespace CrystalKernels.Training.Optim;

/// <summary>
/// Linear warm-up to <see cref="PeakLr"/>, then cosine decay to <see cref="MinLr"/> at <see cref="TotalSteps"/>, then
/// constant. For step s (0-based), W = warm-up steps, T = total steps:
/// <code>
///   s &lt; W:       lr = peak * (s + 1) / W
///   W ≤ s ≤ T:    lr = min + (peak - min) * (1 + cos(pi * (s - W) / (T - W))) / 2
///   s &gt; T:       lr = min
/// </code>
/// The warm-up is PyTorch's LinearLR(start_factor = 1/W, end_factor = 1, total_iters = W - 1), which starts at
/// peak/W rather than at a wasted zero step and reaches the peak at s = W - 1; the decay is CosineAnnealingLR's closed
/// form with T_max = T - W and eta_min = min (as chained by SequentialLR). With T = W there is no decay phase and the
/// rate drops to min at s = T.
/// </summary>
public sealed class WarmupCosineLr : ILrSchedule
{
    public WarmupCosineLr(double peakLr, double minLr, long warmupSteps, long totalSteps)
    {
        if (!double.IsFinite(peakLr) || !double.IsFinite(minLr) || minLr < 0 || peakLr < minLr)
        {
            throw new ArgumentOutOfRangeException(nameof(peakLr), $"warm-up cosine lr: need 0 <= min_lr <= peak_lr, got min {minLr}, peak {peakLr}");
        }

        if (warmupSteps < 0 || totalSteps < warmupSteps)
        {
            throw new ArgumentOutOfRangeException(nameof(totalSteps), $"warm-up cosine lr: need 0 <= warmup_steps <= total_steps, got {warmupSteps} and {totalSteps}");
        }

        PeakLr = peakLr;
        MinLr = minLr;
        WarmupSteps = warmupSteps;
        TotalSteps = totalSteps;
    }

    public double PeakLr { get; }

    public double MinLr { get; }

    public long WarmupSteps { get; }

    public long TotalSteps { get; }

    public double At(long step)
    {
        if (step < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(step), $"lr schedule: step must be >= 0, got {step}");
        }

        if (step < WarmupSteps)
        {
            return PeakLr * (step + 1) / WarmupSteps;
        }

        if (step >= TotalSteps)
        {
            return MinLr;
        }

        var progress = (double)(step - WarmupSteps) / (TotalSteps - WarmupSteps);
        return MinLr + (PeakLr - MinLr) * (1 + Math.Cos(Math.PI * progress)) / 2;
    }
}
