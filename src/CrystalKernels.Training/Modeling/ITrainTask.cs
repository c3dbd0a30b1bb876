using CrystalKernels.Crystals;
using CrystalKernels.Training.Checkpoints;

namespace CrystalKernels.Training.Modeling;

/// <summary>
/// What a training command plugs into <see cref="TrainLoop"/>. Every random draw of a step must be keyed by the seed
/// and the step (or epoch) number, never by hidden state, so a resumed run is bit-identical.
/// </summary>
public interface ITrainTask
{
    /// <summary>One optimizer step on <paramref name="batch"/>; returns its metrics (e.g. loss, loss_species).</summary>
    IReadOnlyDictionary<string, double> TrainStep(IReadOnlyList<Structure> batch, long step, int epoch);

    /// <summary>Validation after epoch <paramref name="epoch"/> (0-based); returns its metrics.</summary>
    IReadOnlyDictionary<string, double> Validate(int epoch);

    /// <summary>What to save with the given counters (model, optimizers, kind, config).</summary>
    CheckpointContents Checkpoint(TrainingState state);
}
