using CrystalKernels.Tensors.Io;
using CrystalKernels.Training.Checkpoints;
using CrystalKernels.Training.Gan;
using CrystalKernels.Training.Progress;
using CrystalKernels.Training.Runs;

namespace CrystalKernels.Tests.Training.Gan;

/// <summary>Few-step GAN runs (GanRun: checkpoints in, TrainLoop, checkpoints and metrics out) with the tiny preset.</summary>
public class GanRunTests
{
    private const string Data = "data.train=[builtin:prototypes:16:3]";

    [TestCase(GanMode.Intended)]
    [TestCase(GanMode.AuthorsCode)]
    public void FewStepRunTrainsBothNetworksAndReportsLossesAndAccuracy(GanMode mode)
    {
        using var tmp = new TrainingTemp();
        var (gPath, dPath) = GanFixture.SourceCheckpoints(tmp.Path);
        var config = GanRun.ResolveConfig(null, Overrides(mode, gPath, dPath, "train.epochs=2"), null);
        var log = new StringWriter();
        var r = GanRun.Run(config, tmp.File("run"), null, ProgressMode.None, log, StopSignal.Manual());

        var records = MetricsLog.Read(Path.Combine(r.RunDirectory, RunDirectory.MetricsFile));
        var perEpoch = records.Count(x => x.Split == "train" && x.Name == "loss_g" && x.Epoch == 0);
        Assert.That(r.Loop.State.Step, Is.EqualTo(2 * perEpoch), "log_every=1: one train record per step");
        foreach (var split in new[] { "train_epoch", "val" })
        {
            foreach (var name in new[] { "loss_g", "loss_g_raw", "loss_g_adversarial", "loss_d", "acc_d", "acc_d_real", "acc_d_fake", "acc_g_label" })
            {
                var values = records.Where(x => x.Split == split && x.Name == name).ToArray();
                Assert.That(values.Select(x => x.Epoch), Is.EqualTo(new[] { 0, 1 }), $"{split} {name}");
                Assert.That(values.Select(x => x.Value), Is.All.Matches<double>(double.IsFinite), $"{split} {name}");
            }
        }

        Assert.That(records.Where(x => x.Name.StartsWith("acc_", StringComparison.Ordinal)).Select(x => x.Value), Is.All.InRange(0.0, 1.0));
        // D is stepped on the batches the 10:1 schedule picks: (batch + epoch) % 2 == 0 with discriminator_every 2.
        var dSteps = records.Where(x => x.Split == "train" && x.Name == "d_step").Select(x => x.Value).ToArray();
        Assert.That(dSteps, Is.EqualTo(Enumerable.Range(0, dSteps.Length).Select(s => (s % perEpoch) + (s / perEpoch)).Select(k => k % 2 == 0 ? 1.0 : 0.0)));
        Assert.That(records.Where(x => x.Split == "train" && x.Name == "loss_d").Count(), Is.EqualTo(dSteps.Count(v => v == 1)), "loss_d only on D's steps");

        var ckpt = Checkpoint.Load(r.LastCheckpoint, CheckpointKind.Gan);
        Assert.That(ckpt.OptimizerRoles, Is.EquivalentTo(new[] { "g", "d" }));
        var source = Checkpoint.Load(gPath);
        var dSource = Checkpoint.Load(dPath);
        Assert.That(ckpt.Parameters.Keys.Where(k => k.StartsWith(GanTask.GeneratorPrefix, StringComparison.Ordinal)).Select(k => k[GanTask.GeneratorPrefix.Length..]), Is.EquivalentTo(source.Parameters.Keys));
        Assert.That(ckpt.Parameters.Keys.Where(k => k.StartsWith(GanTask.DiscriminatorPrefix, StringComparison.Ordinal)).Select(k => k[GanTask.DiscriminatorPrefix.Length..]), Is.EquivalentTo(dSource.Parameters.Keys));
        Assert.That(source.Parameters.Any(kv => !ckpt.Parameters[GanTask.GeneratorPrefix + kv.Key].ToDoubleArray().SequenceEqual(kv.Value.ToDoubleArray())), "the generator was updated");
        Assert.That(dSource.Parameters.Any(kv => !ckpt.Parameters[GanTask.DiscriminatorPrefix + kv.Key].ToDoubleArray().SequenceEqual(kv.Value.ToDoubleArray())), "the discriminator was updated");
        var stored = GanRun.ConfigOf(ckpt);
        Assert.That((stored.Gan.Mode, stored.GeneratorModel.Preset, stored.DiscriminatorModel.Preset), Is.EqualTo((mode, "tiny", "tiny")));
        Assert.That(File.ReadAllText(r.Report), Does.Contain("acc_d"));
    }

    [TestCase(GanMode.Intended)]
    [TestCase(GanMode.AuthorsCode)]
    public void ResumeIsBitIdenticalToAnUninterruptedRun(GanMode mode)
    {
        using var tmp = new TrainingTemp();
        var (gPath, dPath) = GanFixture.SourceCheckpoints(tmp.Path);
        var straight = GanRun.Run(GanRun.ResolveConfig(null, Overrides(mode, gPath, dPath, "train.epochs=2"), null), tmp.File("straight"), null, ProgressMode.None, TextWriter.Null, StopSignal.Manual());
        var steps = straight.Loop.State.Step;

        // Stop in the middle of epoch 1 (max_steps), then resume from the checkpoint alone.
        var stopAt = steps - 1;
        var first = GanRun.Run(GanRun.ResolveConfig(null, Overrides(mode, gPath, dPath, "train.epochs=2", $"train.max_steps={stopAt}"), null), tmp.File("resumed"), null, ProgressMode.None, TextWriter.Null, StopSignal.Manual());
        Assert.That(first.Loop.StopReason, Is.EqualTo("max_steps"));
        var resumeConfig = GanRun.ResolveConfig(null, ["train.max_steps=0"], first.LastCheckpoint);
        var resumed = GanRun.Run(resumeConfig, null, first.LastCheckpoint, ProgressMode.None, TextWriter.Null, StopSignal.Manual());
        Assert.That(resumed.RunDirectory, Is.EqualTo(first.RunDirectory), "a resumed run continues its folder");
        Assert.That(resumed.Loop.State.Step, Is.EqualTo(steps));

        var a = SafeTensors.Read(straight.LastCheckpoint).Tensors;
        var b = SafeTensors.Read(resumed.LastCheckpoint).Tensors;
        Assert.That(b.Keys.Order(), Is.EqualTo(a.Keys.Order()), "same parameters and optimizer tensors");
        foreach (var (name, t) in a)
        {
            Assert.That(b[name].ToDoubleArray(), Is.EqualTo(t.ToDoubleArray()), name);
        }

        var va = MetricsLog.Read(Path.Combine(straight.RunDirectory, RunDirectory.MetricsFile)).Where(x => x.Split == "val" && x.Epoch == 1).Select(x => (x.Name, x.Value));
        var vb = MetricsLog.Read(Path.Combine(resumed.RunDirectory, RunDirectory.MetricsFile)).Where(x => x.Split == "val" && x.Epoch == 1).Select(x => (x.Name, x.Value));
        Assert.That(vb, Is.EqualTo(va), "the final validation is the same");
    }

    [Test]
    public void WrongCheckpointKindsAreRefusedWithTheirNames()
    {
        using var tmp = new TrainingTemp();
        var (gPath, dPath) = GanFixture.SourceCheckpoints(tmp.Path);
        Assert.That(() => GanRun.Run(GanRun.ResolveConfig(null, Overrides(GanMode.Intended, dPath, gPath), null), tmp.File("run"), null, ProgressMode.None, TextWriter.Null, StopSignal.Manual()),
            Throws.InstanceOf<CheckpointException>().With.Message.Contains("'classify'"));
        Assert.That(() => GanRun.ResolveConfig(null, [], gPath), Throws.InstanceOf<CheckpointException>().With.Message.Contains("'pretrain'"));
        Assert.That(() => GanRun.Run(GanRun.ResolveConfig(null, [Data], null), tmp.File("run"), null, ProgressMode.None, TextWriter.Null, StopSignal.Manual()),
            Throws.ArgumentException.With.Message.Contains("--generator"));
    }

    private static string[] Overrides(GanMode mode, string g, string d, params string[] more) =>
        [Data, $"gan.generator={g}", $"gan.discriminator={d}", $"gan.mode={(mode == GanMode.AuthorsCode ? "authors_code" : "intended")}",
         "gan.discriminator_every=2", "data.batch_size=4", "data.val_batch_size=4", "train.log_every=1", .. more];
}
