using CrystalKernels.Crystals.Corruption;
using CrystalKernels.Training.Runs;

namespace CrystalKernels.Training.Gan;

/// <summary>
/// The resolved configuration of <c>crystal gan</c> (config.yaml and the checkpoint's metadata): the gan section,
/// data, train (epochs, seed, w_pos = 200), the generator's masking and noise (σ̃ = 0.2, G_0.2, by default), and the
/// architectures of both networks as read from their source checkpoints, so a GAN checkpoint rebuilds itself.
/// </summary>
public sealed record GanRunConfig
{
    public GanConfig Gan { get; init; } = new();

    public DataConfig Data { get; init; } = new();

    public TrainConfig Train { get; init; } = new();

    public MaskingOptions Mask { get; init; } = MaskingOptions.Faithful;

    /// <summary>The generator's input noise: σ̃ = 0.2 (hard-coded in trainer_gan_lit.py).</summary>
    public NoiseOptions Noise { get; init; } = NoiseOptions.GanGenerator;

    /// <summary>The generator's architecture (from the pretrain checkpoint).</summary>
    public ModelConfig GeneratorModel { get; init; } = new();

    /// <summary>The discriminator's architecture (from the classify checkpoint).</summary>
    public ModelConfig DiscriminatorModel { get; init; } = new();
}
