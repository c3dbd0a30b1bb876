namespace CrystalKernels.Training.Optim;

/// <summary>The same learning rate at every step (the reference pretraining: Adam at 1e-4, no scheduler).</summary>
public sealed class ConstantLr : ILrSchedule
{
    public ConstantLr(double lr)
    {
        if (!(lr >= 0) || !double.IsFinite(lr))
        {
            throw new ArgumentOutOfRangeException(nameof(lr), $"constant lr schedule: lr must be finite and >= 0, got {lr}");
        }

        Lr = lr;
    }

    public double Lr { get; }

    public double At(long step) => step >= 0 ? Lr : throw new ArgumentOutOfRangeException(nameof(step), $"lr schedule: step must be >= 0, got {step}");
}
