using CrystalKernels.Crystals.Corruption;
using CrystalKernels.Training.Finetune;

namespace CrystalKernels.Training.Runs;

/// <summary>
/// A resolved run configuration: YAML sections model, data, optim, train, mask, noise, finetune. Keys are the snake_case names
/// of the properties (optim.weight_decay, mask.coin_scope); enum values are snake_case member names
/// (mask.coin_scope: crystal). Load with <see cref="ConfigLoader"/>, write with <see cref="ConfigYaml"/>.
/// </summary>
public sealed record RunConfig
{
    public ModelConfig Model { get; init; } = new();

    public DataConfig Data { get; init; } = new();

    public OptimConfig Optim { get; init; } = new();

    public TrainConfig Train { get; init; } = new();

    /// <summary>Species masking (defaults: the authors' code, paper-spec 2.4).</summary>
    public MaskingOptions Mask { get; init; } = MaskingOptions.Faithful;

    /// <summary>Position noise (defaults: pretraining in the authors' code, paper-spec 2.5).</summary>
    public NoiseOptions Noise { get; init; } = NoiseOptions.Pretrain;

    /// <summary>Fine-tuning task, trainable set and the resolved label normalisation (crystal finetune).</summary>
    public FinetuneConfig Finetune { get; init; } = new();
}
