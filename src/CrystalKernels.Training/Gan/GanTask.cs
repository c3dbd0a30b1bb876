using CrystalKernels.Crystals;
using CrystalKernels.Tensors;
using CrystalKernels.Training.Checkpoints;
using CrystalKernels.Training.Modeling;
using CrystalKernels.Training.Optim;
using CrystalKernels.Training.Runs;

namespace CrystalKernels.Training.Gan;

/// <summary>
/// The GAN stage as a <see cref="TrainLoop"/> task. Per step metrics (split train, and their epoch means as
/// train_epoch): loss_g (Eq. 3, what G minimises), loss_g_raw (g_label + g_atom + g_pos unweighted, what the code logs
/// and keys checkpoints on), its three terms, acc_g_label (fakes D calls real), d_step (1 on D's steps, so its epoch
/// mean is 1/discriminator_every) and, on D's steps, loss_d and D's accuracy: acc_d_real, acc_d_fake, acc_d (their
/// mean). Validation computes the same on the val set without dropout, accuracies counted over all its samples.
/// Checkpoints (kind gan) hold both networks, as "generator." / "discriminator." + the reference names, and both Adam
/// states under the roles "g" and "d".
/// </summary>
public sealed class GanTask : ITrainTask
{
    public const string GeneratorPrefix = "generator.";
    public const string DiscriminatorPrefix = "discriminator.";

    private readonly Tensor[] checkpointTensors;
    private readonly IReadOnlyList<Structure> val;
    private readonly int valBatchSize;
    private readonly ulong valSeed;

    public GanTask(GanStep gan, string configYaml, int batchesPerEpoch, IReadOnlyList<Structure> val, int valBatchSize = 1)
    {
        if (batchesPerEpoch < 1)
        {
            throw new ArgumentException($"GAN: an epoch needs at least one batch, got {batchesPerEpoch}");
        }

        Gan = gan;
        ConfigYaml = configYaml;
        BatchesPerEpoch = batchesPerEpoch;
        this.val = val;
        this.valBatchSize = Math.Max(1, valBatchSize);
        valSeed = ValSeedOf(gan.Seed);
        checkpointTensors = Prefixed(gan.Generator.Parameters, GeneratorPrefix).Concat(Prefixed(gan.Discriminator.Parameters, DiscriminatorPrefix)).ToArray();
    }

    public GanStep Gan { get; }

    public string ConfigYaml { get; }

    public int BatchesPerEpoch { get; }

    public IReadOnlyDictionary<string, double> TrainStep(IReadOnlyList<Structure> batch, long step, int epoch)
    {
        // TrainLoop runs every batch of every epoch as one step, so the batch index is step − epoch·batches.
        var batchInEpoch = step - ((long)epoch * BatchesPerEpoch);
        if (batchInEpoch < 0 || batchInEpoch >= BatchesPerEpoch)
        {
            throw new InvalidOperationException($"GAN: step {step} is not in epoch {epoch} of {BatchesPerEpoch} batches (was the checkpoint trained with another data.batch_size or data set?)");
        }

        var r = Gan.Step(batch, step, batchInEpoch, epoch);
        var m = GeneratorMetrics(r.Generator);
        m["d_step"] = r.Discriminator is null ? 0 : 1;
        if (r.Discriminator is { } d)
        {
            var acc = new DiscriminatorAccuracy();
            acc.Add(d.RealLogits, d.Classes, WassersteinLoss.Real);
            acc.Add(d.FakeLogits, d.Classes, WassersteinLoss.Fake);
            AddDiscriminatorMetrics(m, d.Loss, acc);
        }

        foreach (var name in new[] { "loss_g", "loss_d" })
        {
            if (m.TryGetValue(name, out var v) && !double.IsFinite(v))
            {
                throw new InvalidOperationException($"GAN: {name} is {v} at step {step} (epoch {epoch}); training diverged (lower gan.lr_g / gan.lr_d)");
            }
        }

        return m;
    }

    public IReadOnlyDictionary<string, double> Validate(int epoch)
    {
        var names = new[] { "loss_g", "loss_g_raw", "loss_g_species", "loss_g_position", "loss_g_adversarial", "acc_g_label", "loss_d", "acc_d", "acc_d_real", "acc_d_fake" };
        if (val.Count == 0)
        {
            // No validation data: NaN never improves best, so only last is kept.
            return names.ToDictionary(n => n, _ => double.NaN, StringComparer.Ordinal);
        }

        var sums = new Dictionary<string, double>(StringComparer.Ordinal);
        var acc = new DiscriminatorAccuracy();
        var fakes = new DiscriminatorAccuracy();
        double dLoss = 0;
        var batches = 0;
        for (var start = 0; start < val.Count; start += valBatchSize, batches++)
        {
            var (g, d) = Gan.Evaluate(val.Skip(start).Take(valBatchSize).ToArray(), valSeed, batches);
            foreach (var (k, v) in GeneratorMetrics(g))
            {
                sums[k] = sums.GetValueOrDefault(k) + v;
            }

            fakes.Add(g.FakeLogits, g.Classes, WassersteinLoss.Fake);
            acc.Add(d.RealLogits, d.Classes, WassersteinLoss.Real);
            acc.Add(d.FakeLogits, d.Classes, WassersteinLoss.Fake);
            dLoss += d.Loss;
        }

        var m = sums.ToDictionary(kv => kv.Key, kv => kv.Value / batches, StringComparer.Ordinal);
        m["acc_g_label"] = 1 - fakes.Fake;
        AddDiscriminatorMetrics(m, dLoss / batches, acc);
        return m;
    }

    public CheckpointContents Checkpoint(TrainingState state) => new(
        CheckpointKind.Gan,
        checkpointTensors,
        new Dictionary<string, AdamBase>(StringComparer.Ordinal) { ["g"] = Gan.OptimizerG, ["d"] = Gan.OptimizerD },
        state,
        ConfigYaml);

    /// <summary>Puts both networks and both optimizers back from a gan checkpoint; returns its training state.</summary>
    public TrainingState Restore(LoadedCheckpoint ckpt)
    {
        if (ckpt.Kind != CheckpointKind.Gan)
        {
            throw new CheckpointException($"{ckpt.Path} is a '{Checkpoints.Checkpoint.KindName(ckpt.Kind)}' checkpoint; resuming the GAN needs 'gan'");
        }

        ckpt.LoadParameters(checkpointTensors);
        ckpt.RestoreOptimizer("g", Gan.OptimizerG);
        ckpt.RestoreOptimizer("d", Gan.OptimizerD);
        return ckpt.State;
    }

    private Dictionary<string, double> GeneratorMetrics(GeneratorPass g)
    {
        var fakes = new DiscriminatorAccuracy();
        fakes.Add(g.FakeLogits, g.Classes, WassersteinLoss.Fake);
        return new Dictionary<string, double>(StringComparer.Ordinal)
        {
            ["loss_g"] = g.Total,
            ["loss_g_raw"] = g.Adversarial + g.Species + g.Position,
            ["loss_g_species"] = g.Species,
            ["loss_g_position"] = g.Position,
            ["loss_g_adversarial"] = g.Adversarial,
            ["acc_g_label"] = 1 - fakes.Fake,
        };
    }

    private static void AddDiscriminatorMetrics(Dictionary<string, double> m, double loss, DiscriminatorAccuracy acc)
    {
        m["loss_d"] = loss;
        m["acc_d"] = acc.Mean;
        m["acc_d_real"] = acc.Real;
        m["acc_d_fake"] = acc.Fake;
    }

    // Validation draws its own masks and noise, the same every epoch, so epochs compare.
    private static ulong ValSeedOf(ulong seed) => seed ^ 0x6761_6E5F_7661_6CUL;

    // Views sharing each parameter's storage under a prefixed name: G and D have the same state-dict names.
    private static IEnumerable<Tensor> Prefixed(IEnumerable<Tensor> parameters, string prefix) =>
        parameters.Select(p => new Tensor(p.Storage, p.Shape) { Name = prefix + p.Name });
}
