using CrystalKernels.Training.Checkpoints;
using CrystalKernels.Training.Optim;
using CrystalKernels.Training.Progress;
using CrystalKernels.Training.Runs;

namespace CrystalKernels.Tests.Training;

public class ProgressTests
{
    [Test]
    public void PlainLinesArePeriodicWithCountPercentEtaAndStatus()
    {
        var now = TimeSpan.Zero;
        var output = new StringWriter { NewLine = "\n" };
        var p = new PlainProgress(output, "epoch 0", 100, TimeSpan.FromSeconds(10), () => now);
        for (var i = 0; i < 100; i++)
        {
            now += TimeSpan.FromSeconds(1);
            p.SetStatus($"loss {1.0 / (i + 1):F3}");
            p.Advance();
        }

        p.Complete();
        var lines = output.ToString().TrimEnd('\n').Split('\n');
        Assert.That(lines, Has.Length.EqualTo(11), "one line per 10 s over 100 s, plus the final line");
        Assert.That(lines[0], Is.EqualTo("epoch 0 10/100 (10.0%) 00:00:10 eta 00:01:30 | loss 0.100"));
        Assert.That(lines[^1], Is.EqualTo("epoch 0 100/100 (100.0%) 00:01:40 | loss 0.010"));
    }

    [Test]
    public void RedirectedOutputGetsPlainLines()
    {
        // The test host redirects stdout, as CI does.
        Assert.That(Console.IsOutputRedirected, Is.True);
        Assert.That(ProgressReporter.Resolve(ProgressMode.Auto), Is.EqualTo(ProgressMode.Plain));
        Assert.That(ProgressReporter.Resolve(ProgressMode.None), Is.EqualTo(ProgressMode.None));
        var total = ProgressReporter.Run("quiet", 5, sink =>
        {
            for (var i = 0; i < 5; i++)
            {
                sink.Advance();
            }

            return 5;
        }, ProgressMode.None);
        Assert.That(total, Is.EqualTo(5));
    }

    [Test]
    public void AStopRequestLetsTheLoopSaveACheckpointBeforeExiting()
    {
        using var tmp = new TrainingTemp();
        using var stop = StopSignal.Manual();
        var toy = new ToyRegression(5);
        var slots = new CheckpointSlots(tmp.File("checkpoints"));
        var yaml = ConfigYaml.Write(new RunConfig());
        for (var s = 0; s < 100; s++)
        {
            toy.TrainStep();
            if (s == 6)
            {
                stop.Request("Ctrl-C"); // what the Console.CancelKeyPress handler does
            }

            if (stop.Token.IsCancellationRequested)
            {
                slots.Save(new CheckpointContents(CheckpointKind.Regress, toy.Layer.Parameters, new Dictionary<string, AdamBase> { ["optim"] = toy.Optimizer },
                    new TrainingState(toy.Step, 0, toy.Seed), yaml), codeVersion: "test");
                break;
            }
        }

        Assert.That(stop.Reason, Is.EqualTo("Ctrl-C"));
        Assert.That(Checkpoint.Load(slots.LastPath).State.Step, Is.EqualTo(7));
    }

    [Test]
    public void InstalledSignalHooksAndUnhooks()
    {
        using var log = new StringWriter();
        using (var stop = StopSignal.Install(log))
        {
            Assert.That(stop.StopRequested, Is.False);
            stop.Request("test");
            stop.Request("again");
            Assert.That(stop.Reason, Is.EqualTo("test"), "the first request wins");
        }

        Assert.That(log.ToString(), Does.Contain("test: stopping after the current step"));
    }
}
