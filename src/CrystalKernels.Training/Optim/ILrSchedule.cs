namespace CrystalKernels.Training.Optim;

/// <summary>A learning rate as a function of the 0-based index of the optimizer step about to be taken.</summary>
public interface ILrSchedule
{
    double At(long step);
}
