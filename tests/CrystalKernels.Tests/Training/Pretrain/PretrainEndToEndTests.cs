using System.Text.RegularExpressions;
using CrystalKernels.Tests.Support;
using CrystalKernels.Training.Pretraining;
using CrystalKernels.Training.Runs;

namespace CrystalKernels.Tests.Training.Pretrain;

/// <summary>
/// The CI end-to-end check: pretrain the tiny model on built-in prototypes, stop mid-epoch and resume, compare the
/// result bit for bit with the uninterrupted run (parameters and Adam moments), then evaluate the checkpoint.
/// </summary>
[NonParallelizable]
public sealed class PretrainEndToEndTests
{
    [Test]
    public void TrainResumeIsBitIdenticalThenEvaluatePrintsTheLine()
    {
        using var tmp = new TrainingTemp();
        var straight = PretrainFixture.Train(tmp.File("a"), PretrainFixture.Config());
        var steps = straight.Loop.State.Step;
        var perEpoch = steps / 2;
        Assert.That(perEpoch, Is.GreaterThanOrEqualTo(2), "need at least 2 batches per epoch to stop mid-epoch");
        Assert.That(straight.Loop.StopReason, Is.Null);
        Assert.That(File.Exists(straight.Report) && File.Exists(straight.BestCheckpoint), Is.True);

        // Stop one step into the second epoch (after the epoch-1 checkpoint), then resume from last.safetensors.
        var stopAt = perEpoch + 1;
        var partial = PretrainFixture.Train(tmp.File("b"), PretrainFixture.Config($"train.max_steps={stopAt}"));
        Assert.That(partial.Loop.StopReason, Is.EqualTo("max_steps"));
        Assert.That(partial.Loop.State.Step, Is.EqualTo(stopAt));
        var resumed = PretrainFixture.Train(tmp.File("b"), PretrainRun.ResolveConfig(null, ["train.max_steps=0"], partial.LastCheckpoint), partial.LastCheckpoint);
        Assert.That(resumed.Loop.State.Step, Is.EqualTo(steps));

        var a = PretrainFixture.TensorBytes(straight.LastCheckpoint);
        var b = PretrainFixture.TensorBytes(resumed.LastCheckpoint);
        Assert.That(b.Keys, Is.EquivalentTo(a.Keys));
        Assert.That(a.Keys.Count(k => k.StartsWith("optim/", StringComparison.Ordinal)), Is.GreaterThan(0), "Adam moments are saved");
        foreach (var (name, bytes) in a)
        {
            Assert.That(b[name].AsSpan().SequenceEqual(bytes), Is.True, $"{name} differs after resume");
        }

        double LastVal(string run) => MetricsLog.Read(Path.Combine(run, RunDirectory.MetricsFile)).Last(r => r.Split == "val" && r.Name == "loss").Value;
        Assert.That(LastVal(resumed.RunDirectory), Is.EqualTo(LastVal(straight.RunDirectory)), "same final validation loss");

        var (rc, output) = CliRunner.Run("evaluate", "--model", straight.LastCheckpoint, "--data", "builtin:prototypes:6:3", "--mask", "alpha",
            "--noise", "0.1", "--out", tmp.File("eval"));
        Assert.That(rc, Is.EqualTo(0), output);
        const string number = @"(-?\d+\.\d{4}|NaN)";
        Assert.That(output, Does.Match($@"(?m)^evaluate n=\d+ struct_valid={number} comp_valid={number} comp_similarity={number} struct_similarity={number}$"));
        Assert.That(output, Does.Match($@"most_frequent_acc={number} most_frequent_comp_similarity={number}"), "the model's figures are printed beside the baseline's");
        var n = int.Parse(Regex.Match(output, @"evaluate n=(\d+)").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        Assert.That(n, Is.GreaterThanOrEqualTo(6), "alpha masks every species of every structure in turn: at least one sample per structure");
        foreach (var f in new[] { "summary.txt", "baselines.csv", "samples.csv", "per_element.csv", "replacement.csv", "replacement_matrix.png", "element_accuracy.png", "loss_curves.png" })
        {
            Assert.That(File.Exists(Path.Combine(tmp.File("eval"), f)), Is.True, f);
        }

        Assert.That(File.ReadAllLines(Path.Combine(tmp.File("eval"), "samples.csv")), Has.Length.EqualTo(n + 1));
    }
}
