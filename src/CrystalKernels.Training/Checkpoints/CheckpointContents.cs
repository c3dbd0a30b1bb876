using CrystalKernels.Tensors;
using CrystalKernels.Training.Optim;

namespace CrystalKernels.Training.Checkpoints;

/// <summary>
/// What a checkpoint holds: the model's parameters (each named by <see cref="Tensor.Name"/>, the reference state-dict
/// name), the optimizers by role ("optim"; "g" and "d" for the GAN), the training counters and the resolved run
/// configuration as YAML.
/// </summary>
public sealed record CheckpointContents(
    CheckpointKind Kind,
    IEnumerable<Tensor> Parameters,
    IReadOnlyDictionary<string, AdamBase> Optimizers,
    TrainingState State,
    string ConfigYaml);
