using CrystalKernels.Tensors;
using CrystalKernels.Tensors.Io;
using CrystalKernels.Training.Checkpoints;
using CrystalKernels.Training.Gan;
using CrystalKernels.Training.Optim;
using CrystalKernels.Training.Progress;
using CrystalKernels.Training.Runs;

namespace CrystalKernels.Tests.Training.Gan;

/// <summary>Few-step GAN runs on builtin prototypes with the tiny preset: metrics, checkpoints, resume.</summary>
public class GanRunTests
{
    [TestCase(GanMode.Intended)]
    [TestCase(GanMode.AuthorsCode)]
    public void FewStepRunTrainsBothNetworksAndReportsLossesAndAccuracy(GanMode mode)
    {
        using var tmp = new TrainingTemp();
        var gan = GanFixture.Step(new GanConfig { Mode = mode, DiscriminatorEvery = 2 });
        var g0 = gan.Generator.Parameters.Select(p => p.ToDoubleArray()).ToArray();
        var d0 = gan.Discriminator.Parameters.Select(p => p.ToDoubleArray()).ToArray();
        var run = RunDirectory.Create("gan", tmp.File("run"));
        var trainer = new GanTrainer(gan, new TrainConfig { Epochs = 2, Seed = GanFixture.Seed }, "gan: {}\n", GanFixture.Batches(GanFixture.Crystals(6)));
        var result = trainer.Run(run, progress: ProgressMode.None);

        Assert.That(result.Steps, Is.EqualTo(6), "2 epochs × 3 batches");
        Assert.That(result.Epochs.Select(e => e.DiscriminatorSteps), Is.EqualTo(new[] { 2L, 1L }), "every 2nd batch, shifted by the epoch: 0, 2 | 1");
        var records = MetricsLog.Read(run.MetricsPath);
        foreach (var name in new[] { "loss_g", "loss_g_species", "loss_g_position", "loss_g_adversarial", "loss_d", "acc_d", "acc_d_real", "acc_d_fake", "acc_g_label" })
        {
            var values = records.Where(r => r.Name == name).ToArray();
            Assert.That(values.Select(r => r.Epoch), Is.EqualTo(new[] { 0, 1 }), name);
            Assert.That(values.Select(r => r.Value), Is.All.Matches<double>(double.IsFinite), name);
        }

        var acc = records.Where(r => r.Name.StartsWith("acc_", StringComparison.Ordinal)).Select(r => r.Value);
        Assert.That(acc, Is.All.InRange(0.0, 1.0));
        var accD = records.First(r => r.Name == "acc_d" && r.Epoch == 0).Value;
        var accReal = records.First(r => r.Name == "acc_d_real" && r.Epoch == 0).Value;
        var accFake = records.First(r => r.Name == "acc_d_fake" && r.Epoch == 0).Value;
        Assert.That(accD, Is.EqualTo((accReal + accFake) / 2).Within(1e-15));

        Assert.That(Changed(g0, gan.Generator.Parameters), Is.True, "generator updated");
        Assert.That(Changed(d0, gan.Discriminator.Parameters), Is.True, "discriminator updated");

        var ckpt = Checkpoint.Load(result.LastCheckpoint, CheckpointKind.Gan);
        Assert.That(ckpt.OptimizerRoles, Is.EquivalentTo(new[] { "g", "d" }));
        Assert.That(ckpt.Parameters.Keys.Count(k => k.StartsWith(GanTrainer.GeneratorPrefix, StringComparison.Ordinal)), Is.EqualTo(gan.Generator.Parameters.Count()));
        Assert.That(ckpt.Parameters.Keys.Count(k => k.StartsWith(GanTrainer.DiscriminatorPrefix, StringComparison.Ordinal)), Is.EqualTo(gan.Discriminator.Parameters.Count()));
        Assert.That((ckpt.State.Step, ckpt.State.Epoch, ckpt.State.Counter(GanTrainer.BatchInEpochCounter)), Is.EqualTo((6L, 2, 0L)));
        Assert.That(gan.OptimizerG.StepCount, Is.EqualTo(6));
        Assert.That(gan.OptimizerD.StepCount, Is.EqualTo(3));
    }

    [TestCase(GanMode.Intended, 4)]
    [TestCase(GanMode.AuthorsCode, 3)]
    public void ResumeIsBitIdenticalToAnUninterruptedRun(GanMode mode, long stopAt)
    {
        using var tmp = new TrainingTemp();
        var config = new GanConfig { Mode = mode, DiscriminatorEvery = 2 };
        var batches = GanFixture.Batches(GanFixture.Crystals(6));
        var train = new TrainConfig { Epochs = 3, Seed = GanFixture.Seed };

        var straight = new GanTrainer(GanFixture.Step(config), train, "gan: {}\n", batches)
            .Run(RunDirectory.Create("gan", tmp.File("straight")), progress: ProgressMode.None);

        // Stop mid-epoch 1 (max_steps), then resume with freshly built networks.
        var first = new GanTrainer(GanFixture.Step(config), train with { MaxSteps = stopAt }, "gan: {}\n", batches)
            .Run(RunDirectory.Create("gan", tmp.File("resumed")), progress: ProgressMode.None);
        Assert.That(first.Stopped, Is.True);
        var second = new GanTrainer(GanFixture.Step(config), train, "gan: {}\n", batches);
        second.Resume(first.LastCheckpoint);
        Assert.That((second.Step, second.Epoch, second.BatchInEpoch), Is.EqualTo((stopAt, (int)(stopAt / 3), stopAt % 3)));
        var resumed = second.Run(RunDirectory.Create("gan", tmp.File("resumed")), progress: ProgressMode.None);

        var a = SafeTensors.Read(straight.LastCheckpoint).Tensors;
        var b = SafeTensors.Read(resumed.LastCheckpoint).Tensors;
        Assert.That(b.Keys.Order(), Is.EqualTo(a.Keys.Order()), "same parameters and optimizer tensors");
        foreach (var (name, t) in a)
        {
            Assert.That(b[name].ToDoubleArray(), Is.EqualTo(t.ToDoubleArray()), name);
        }

        Assert.That(resumed.Epochs[^1].LossG, Is.EqualTo(straight.Epochs[^1].LossG), "the last epoch (fully after the resume) logs the same loss");
    }

    [Test]
    public void ResumeRefusesAnotherKindOfCheckpoint()
    {
        using var tmp = new TrainingTemp();
        var gan = GanFixture.Step(new GanConfig());
        var path = tmp.File("pretrain.safetensors");
        Checkpoint.Save(path, new CheckpointContents(CheckpointKind.Pretrain, gan.Generator.Parameters, new Dictionary<string, AdamBase>(),
            new TrainingState(0, 0, GanFixture.Seed), "x: 1\n"));
        var trainer = new GanTrainer(gan, new TrainConfig(), "gan: {}\n", GanFixture.Batches(GanFixture.Crystals(2)));
        Assert.That(() => trainer.Resume(path), Throws.TypeOf<CheckpointException>().With.Message.Contains("'pretrain'"));
    }

    private static bool Changed(double[][] before, IEnumerable<Tensor> after) =>
        after.Zip(before, (p, b) => !p.ToDoubleArray().SequenceEqual(b)).Any(x => x);
}
