using CrystalKernels.Tests.Support;
using CrystalKernels.Training.Checkpoints;
using CrystalKernels.Training.Gan;

namespace CrystalKernels.Tests.Training.Gan;

[NonParallelizable]
public class GanCliTests
{
    [Test]
    public void GanVerbRunsAuthorsCodeModeAndPrintsWhereTheCheckpointIs()
    {
        using var tmp = new TrainingTemp();
        var (output, last) = RunGan(tmp, "authors-code");
        Assert.That(output, Does.Contain("gan (authors-code)"));
        Assert.That(output, Does.Contain($"checkpoint: {last}"));
        Assert.That(GanRun.ConfigOf(Checkpoint.Load(last, CheckpointKind.Gan)).Gan.Mode, Is.EqualTo(GanMode.AuthorsCode));
    }

    /// <summary>complete and evaluate take a GAN checkpoint and use its generator half, parameter for parameter.</summary>
    [Test]
    public void EvaluateAndCompleteUseTheGeneratorOfAGanCheckpoint()
    {
        using var tmp = new TrainingTemp();
        var (_, last) = RunGan(tmp, "intended");

        var loaded = GeneratorCheckpoint.Load(last);
        var file = Checkpoint.Load(last).Parameters;
        Assert.That(loaded.Model.Parameters, Is.Not.Empty);
        foreach (var p in loaded.Model.Parameters)
        {
            Assert.That(p.ToFloatArray(), Is.EqualTo(file[GanTask.GeneratorPrefix + p.Name].ToFloatArray()), p.Name);
        }

        var (rc, output) = CliRunner.Run("evaluate", "--model", last, "--data", "builtin:prototypes:4:5", "--mask", "beta", "--out", tmp.File("eval"));
        Assert.That(rc, Is.EqualTo(0), output);
        Assert.That(output, Does.Match(@"(?m)^evaluate n=20 "));

        (rc, output) = CliRunner.Run("complete", "--model", last, "--input", "builtin:prototypes:1", "--mask-random", "0.5", "--output", tmp.File("done.cif"));
        Assert.That(rc, Is.EqualTo(0), output);
        Assert.That(File.Exists(tmp.File("done.cif")), Is.True);
    }

    /// <summary>A one-epoch GAN run on 8 prototypes; returns its output and last checkpoint.</summary>
    private static (string Output, string Last) RunGan(TrainingTemp tmp, string mode)
    {
        var (g, d) = GanFixture.SourceCheckpoints(tmp.Path);
        var (rc, output) = CliRunner.Run("gan", "--generator", g, "--discriminator", d, "--mode", mode, "--out", tmp.File("run"), "--no-progress",
            "data.train=[builtin:prototypes:8:3]", "data.batch_size=4", "train.epochs=1");
        Assert.That(rc, Is.EqualTo(0), output);
        return (output, Path.Combine(tmp.File("run"), "checkpoints", CheckpointSlots.LastFile));
    }

    [Test]
    public void MissingDiscriminatorIsAnError()
    {
        using var tmp = new TrainingTemp();
        var (g, _) = GanFixture.SourceCheckpoints(tmp.Path);
        var (rc, output) = CliRunner.Run("gan", "--generator", g, "--out", tmp.File("run"), "--no-progress");
        Assert.That(rc, Is.EqualTo(1));
        Assert.That(output, Does.Contain("--discriminator"));
    }
}
