using CrystalKernels.Crystals;
using CrystalKernels.Tensors;
using CrystalKernels.Training.Checkpoints;
using CrystalKernels.Training.Optim;
using CrystalKernels.Training.Progress;
using CrystalKernels.Training.Runs;

namespace CrystalKernels.Training.Gan;

/// <summary>How a GAN run ended.</summary>
public sealed record GanRunResult(long Steps, int Epoch, bool Stopped, string LastCheckpoint, IReadOnlyList<GanEpochMetrics> Epochs);

/// <summary>
/// The GAN epoch loop: <see cref="GanStep"/> over each epoch's batches, per-epoch metrics (metrics.jsonl, split train,
/// and the progress line), a checkpoint (kind gan: both networks under "generator." / "discriminator.", both Adam
/// states under roles "g" / "d", the step, the epoch and the batch within it) at every epoch end, at max_steps and on
/// Ctrl-C. Resuming restores all of it; with deterministic batches per epoch (a function of the seed and the epoch)
/// and every draw keyed by the step, a resumed run is bit-identical to an uninterrupted one on CPU.
/// </summary>
public sealed class GanTrainer
{
    public const string GeneratorPrefix = "generator.";
    public const string DiscriminatorPrefix = "discriminator.";
    public const string BatchInEpochCounter = "batch_in_epoch";

    private readonly GanStep gan;
    private readonly Tensor[] checkpointTensors;

    /// <param name="epochBatches">The batches of epoch e (same e, same batches: seeded shuffling).</param>
    public GanTrainer(GanStep gan, TrainConfig train, string configYaml, Func<int, IReadOnlyList<IReadOnlyList<Structure>>> epochBatches)
    {
        this.gan = gan;
        Train = train;
        ConfigYaml = configYaml;
        EpochBatches = epochBatches;
        checkpointTensors = Prefixed(gan.Generator.Parameters, GeneratorPrefix).Concat(Prefixed(gan.Discriminator.Parameters, DiscriminatorPrefix)).ToArray();
    }

    public TrainConfig Train { get; }

    public string ConfigYaml { get; }

    public Func<int, IReadOnlyList<IReadOnlyList<Structure>>> EpochBatches { get; }

    public long Step { get; private set; }

    public int Epoch { get; private set; }

    public long BatchInEpoch { get; private set; }

    /// <summary>Restores both networks, both optimizers and the counters from a gan checkpoint.</summary>
    public void Resume(string path)
    {
        var ckpt = Checkpoint.Load(path, CheckpointKind.Gan);
        ckpt.LoadParameters(checkpointTensors);
        ckpt.RestoreOptimizer("g", gan.OptimizerG);
        ckpt.RestoreOptimizer("d", gan.OptimizerD);
        if (ckpt.State.Seed != gan.Seed)
        {
            throw new CheckpointException($"{path}: saved with seed {ckpt.State.Seed}, this run has seed {gan.Seed}; a resumed run must keep its seed");
        }

        Step = ckpt.State.Step;
        Epoch = ckpt.State.Epoch;
        BatchInEpoch = ckpt.State.Counter(BatchInEpochCounter);
    }

    /// <summary>Trains until train.epochs (or train.max_steps, or a stop request), checkpointing into <paramref name="run"/>.</summary>
    public GanRunResult Run(RunDirectory run, StopSignal? stop = null, ProgressMode progress = ProgressMode.Auto, TimeSpan? progressInterval = null)
    {
        var slots = new CheckpointSlots(run.CheckpointsPath);
        var epochs = new List<GanEpochMetrics>();
        using var metrics = run.OpenMetrics();
        var stopped = false;
        var totalSteps = Train.MaxSteps > 0 ? Train.MaxSteps : 0;
        ProgressReporter.Run($"gan ({gan.Gan.Mode.ToString().ToLowerInvariant()})", totalSteps, sink =>
        {
            while (Epoch < Train.Epochs && !stopped)
            {
                var batches = EpochBatches(Epoch);
                var m = new GanEpochMetrics();
                while (BatchInEpoch < batches.Count)
                {
                    if (Train.MaxSteps > 0 && Step >= Train.MaxSteps)
                    {
                        stopped = true;
                        break;
                    }

                    m.Add(gan.Step(batches[(int)BatchInEpoch], Step, BatchInEpoch, Epoch));
                    Step++;
                    BatchInEpoch++;
                    sink.SetStatus(m.Status(Epoch));
                    sink.Advance();
                    if (stop?.StopRequested == true)
                    {
                        stopped = true;
                        break;
                    }
                }

                // A resumed epoch's metrics cover the batches run since the resume.
                if (m.GeneratorSteps > 0)
                {
                    m.WriteTo(metrics, Step, Epoch);
                    epochs.Add(m);
                }

                if (BatchInEpoch >= batches.Count)
                {
                    Epoch++;
                    BatchInEpoch = 0;
                }

                Save(slots);
            }
        }, progress, progressInterval);
        return new GanRunResult(Step, Epoch, stopped, slots.LastPath, epochs);
    }

    private void Save(CheckpointSlots slots) => slots.Save(new CheckpointContents(
        CheckpointKind.Gan,
        checkpointTensors,
        new Dictionary<string, AdamBase>(StringComparer.Ordinal) { ["g"] = gan.OptimizerG, ["d"] = gan.OptimizerD },
        new TrainingState(Step, Epoch, gan.Seed) { Counters = new Dictionary<string, long>(StringComparer.Ordinal) { [BatchInEpochCounter] = BatchInEpoch } },
        ConfigYaml));

    // Views sharing each parameter's storage under a prefixed name: G and D have the same state-dict names.
    private static IEnumerable<Tensor> Prefixed(IEnumerable<Tensor> parameters, string prefix) =>
        parameters.Select(p => new Tensor(p.Storage, p.Shape) { Name = prefix + p.Name });
}
