using CrystalKernels.Crystals;
using CrystalKernels.Crystals.Corruption;
using CrystalKernels.Models.EquiformerV2;
using CrystalKernels.Tensors.Autograd;
using CrystalKernels.Tensors.Random;
using CrystalKernels.Training.Checkpoints;
using CrystalKernels.Training.Modeling;
using CrystalKernels.Training.Optim;
using CrystalKernels.Training.Runs;

namespace CrystalKernels.Training.Pretraining;

/// <summary>
/// Masked-species + position-denoising pretraining (paper-spec 4.2): per step, PretrainCorruption of the batch keyed
/// by (seed, step) with the run's mask/noise switches, a training forward with dropout drawn from
/// RngStream(seed, "dropout").Sub(step), the loss of <see cref="PretrainLoss"/>, optional gradient clipping and one
/// Adam step at the scheduled rate. Validation uses corruptions keyed by (validation seed, batch index), the same
/// in every epoch, so the validation loss is comparable across epochs (the reference redraws them each time).
/// </summary>
public sealed class PretrainTask : ITrainTask
{
    private readonly RunConfig config;
    private readonly EquiformerV2Model model;
    private readonly AdamBase optimizer;
    private readonly ILrSchedule schedule;
    private readonly IReadOnlyList<Structure> val;
    private readonly ulong valSeed;

    public PretrainTask(RunConfig config, EquiformerV2Model model, AdamBase optimizer, ILrSchedule schedule, IReadOnlyList<Structure> val)
    {
        this.config = config;
        this.model = model;
        this.optimizer = optimizer;
        this.schedule = schedule;
        this.val = val;
        var r = RngStream.Create(config.Train.Seed, "validation");
        valSeed = ((ulong)r.UInt(0) << 32) | r.UInt(1);
    }

    public EquiformerV2Model Model => model;

    public IReadOnlyDictionary<string, double> TrainStep(IReadOnlyList<Structure> batch, long step, int epoch)
    {
        var seed = config.Train.Seed;
        var corrupted = PretrainCorruption.Apply(batch, config.Mask, config.Noise, seed, step);
        using var tape = new Tape();
        var inputs = BatchTensors.Build(corrupted.Select(c => c.Input).ToArray(), model.Config, model.DType, tape);
        var options = new ForwardOptions { Training = true, Dropout = RngStream.Create(seed, "dropout").Sub((ulong)step) };
        var r = PretrainLoss.Compute(tape, model, inputs, corrupted, config.Train.WeightLossPos, options);
        optimizer.ZeroGrad();
        tape.Backward(r.Total);
        var metrics = new Dictionary<string, double>(StringComparer.Ordinal)
        {
            ["loss"] = r.Loss,
            ["loss_species"] = r.Species,
            ["loss_pos"] = r.Position,
        };
        if (config.Optim.GradClip > 0)
        {
            metrics["grad_norm"] = GradClip.ClipGradNorm(optimizer.Parameters, config.Optim.GradClip);
        }

        optimizer.Lr = schedule.At(step);
        optimizer.Step();
        metrics["lr"] = optimizer.Lr;
        if (r.Masked > 0)
        {
            metrics["masked_acc"] = r.MaskedCorrect / (double)r.Masked;
        }

        return metrics;
    }

    public IReadOnlyDictionary<string, double> Validate(int epoch) => Evaluate(val, Math.Max(1, config.Data.ValBatchSize));

    /// <summary>Mean batch losses (as the reference averages them) and masked-site accuracy over masked atoms.</summary>
    public IReadOnlyDictionary<string, double> Evaluate(IReadOnlyList<Structure> structures, int batchSize)
    {
        if (structures.Count == 0)
        {
            return new Dictionary<string, double>(StringComparer.Ordinal);
        }

        double loss = 0, species = 0, pos = 0;
        long correct = 0, masked = 0;
        var batches = 0;
        for (var start = 0; start < structures.Count; start += batchSize)
        {
            var batch = structures.Skip(start).Take(batchSize).ToArray();
            var corrupted = PretrainCorruption.Apply(batch, config.Mask, config.Noise, valSeed, batches);
            using var tape = Tape.Inference();
            var inputs = BatchTensors.Build(corrupted.Select(c => c.Input).ToArray(), model.Config, model.DType, tape);
            var r = PretrainLoss.Compute(tape, model, inputs, corrupted, config.Train.WeightLossPos, ForwardOptions.Eval);
            loss += r.Loss;
            species += r.Species;
            pos += r.Position;
            correct += r.MaskedCorrect;
            masked += r.Masked;
            batches++;
        }

        return new Dictionary<string, double>(StringComparer.Ordinal)
        {
            ["loss"] = loss / batches,
            ["loss_species"] = species / batches,
            ["loss_pos"] = pos / batches,
            ["masked_acc"] = masked > 0 ? correct / (double)masked : double.NaN,
            ["masked_sites"] = masked,
        };
    }

    public CheckpointContents Checkpoint(TrainingState state) =>
        ModelCheckpoint.Contents(CheckpointKind.Pretrain, model.Parameters, new Dictionary<string, AdamBase> { ["optim"] = optimizer }, state, config);
}
