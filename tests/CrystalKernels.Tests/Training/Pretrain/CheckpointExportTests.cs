using CrystalKernels.Tests.Support;
using CrystalKernels.Training.Checkpoints;

namespace CrystalKernels.Tests.Training.Pretrain;

/// <summary>crystal checkpoint export: the release copy keeps parameters and config, drops the optimizer, completes
/// structures exactly like the original, and refuses --resume with a message that says why.</summary>
[NonParallelizable]
public sealed class CheckpointExportTests
{
    [Test]
    public void ExportedCheckpointCompletesLikeTheOriginalAndCannotBeResumed()
    {
        using var tmp = new TrainingTemp();
        var trained = PretrainFixture.Train(tmp.File("run"), PretrainFixture.Config("train.epochs=1"));
        var release = tmp.File("release.safetensors");
        var (rc, output) = CliRunner.Run("checkpoint", "export", "--model", trained.LastCheckpoint, "--output", release);
        Assert.That(rc, Is.EqualTo(0), output);
        Assert.That(output, Does.Match(@"exported pretrain checkpoint \(step \d+, \d+ parameters"));

        var (a, b) = (Checkpoint.Load(trained.LastCheckpoint), Checkpoint.Load(release));
        Assert.That(new FileInfo(release).Length, Is.LessThan(new FileInfo(trained.LastCheckpoint).Length / 2), "Adam's two moments are gone");
        Assert.That(b.OptimizerRoles, Is.Empty);
        Assert.That(b.ConfigYaml, Is.EqualTo(a.ConfigYaml));
        Assert.That(b.State.Step, Is.EqualTo(a.State.Step));
        Assert.That(b.Parameters.Keys, Is.EquivalentTo(a.Parameters.Keys));

        var cif = tmp.File("nacl.cif");
        File.WriteAllText(cif, PretrainFixture.NaClCif);
        string Complete(string model, string name)
        {
            var outFile = tmp.File(name);
            var (code, text) = CliRunner.Run("complete", "--model", model, "--input", cif, "--mask", "species:Cl", "--output", outFile);
            Assert.That(code, Is.EqualTo(0), text);
            return File.ReadAllText(outFile);
        }

        Assert.That(Complete(release, "b.cif"), Is.EqualTo(Complete(trained.LastCheckpoint, "a.cif")));

        var (rcResume, resumeOut) = CliRunner.Run("pretrain", "--resume", release, "--out", tmp.File("resumed"), "--no-progress");
        Assert.That(rcResume, Is.Not.EqualTo(0));
        Assert.That(resumeOut, Does.Contain("has no optimizer state (a release export), so it cannot be resumed"));
    }
}
