namespace CrystalKernels.Training.Gan;

/// <summary>
/// When the discriminator is stepped. The generator is stepped on every batch; D on one batch in
/// <c>every</c>: in the code (trainer_gan_lit.py) when (batch_idx + shift) % 10 == 0 with shift = epoch % 10, so over
/// any <c>every</c> consecutive batches of an epoch D is stepped exactly once, and a different residue each epoch.
/// </summary>
public static class GanSchedule
{
    public static bool StepsDiscriminator(long batchInEpoch, int epoch, int every, bool shiftByEpoch = true)
    {
        if (every < 1 || batchInEpoch < 0 || epoch < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(every), $"GAN schedule: batch {batchInEpoch}, epoch {epoch}, every {every} must be non-negative (every >= 1)");
        }

        var shift = shiftByEpoch ? epoch % every : 0;
        return (batchInEpoch + shift) % every == 0;
    }
}
