namespace CrystalKernels.Training.Checkpoints;

/// <summary>What a checkpoint was trained for; loading checks it so a classifier is never resumed as a generator.</summary>
public enum CheckpointKind
{
    /// <summary>Masked-species + denoising pretraining (118 logits + position head).</summary>
    Pretrain,

    /// <summary>Fine-tuned classifier (e.g. stability, K = 2).</summary>
    Classify,

    /// <summary>Fine-tuned regressor (scalar or vector target, e.g. the 51-point phonon DOS).</summary>
    Regress,

    /// <summary>Generator + discriminator of the GAN stage.</summary>
    Gan,
}
