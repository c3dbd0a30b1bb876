namespace CrystalKernels.Training.Gan;

/// <summary>Which GAN the run trains (paper-spec 4.5, 4.7 #1).</summary>
public enum GanMode
{
    /// <summary>
    /// The paper's intent: the adversarial term w_W·L_W^G reaches the generator. The fake structure is the generator's
    /// soft species distribution and its differentiable denoised positions, read by the discriminator on the input
    /// graph; real structures get Normal(0, (0.001·min edges)²) noise, as the paper says.
    /// </summary>
    Intended,

    /// <summary>
    /// The released code (trainer_gan_lit.py): fake species = argmax, fake positions = wrap(pos − v·cell), both
    /// detached, D(fake) under no_grad on a graph rebuilt from them, so no adversarial gradient reaches the generator;
    /// real structures get uniform ±0.001·min_r noise.
    /// </summary>
    AuthorsCode,
}
