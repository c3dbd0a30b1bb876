using CrystalKernels.Training.Checkpoints;
using CrystalKernels.Training.Finetune;

namespace CrystalKernels.Tests.Training.Finetune;

public sealed class FinetuneResumeTests
{
    /// <summary>Stopping after 3 steps (mid-epoch) and resuming gives the same weights as an uninterrupted run.</summary>
    [Test]
    public void ResumeIsBitIdentical()
    {
        using var temp = new TrainingTemp();
        var init = FinetuneSetup.PretrainCheckpoint(temp);
        var (whole, _) = FinetuneSetup.Run(FinetuneSetup.Regression(temp, init, "all", 2) with { OutDir = temp.File("whole") });
        var (part, _) = FinetuneSetup.Run(FinetuneSetup.Regression(temp, init, "all", 2, "train.max_steps=3") with { OutDir = temp.File("part") });
        Assert.That(part.Loop.StopReason, Is.EqualTo("max_steps"));
        var (resumed, _) = FinetuneSetup.Run(new FinetuneRequest { Resume = part.Loop.LastCheckpoint, Overrides = ["train.max_steps=0"] });
        Assert.That(resumed.RunFolder, Is.EqualTo(temp.File("part")));

        var a = Checkpoint.Load(whole.Loop.LastCheckpoint);
        var b = Checkpoint.Load(resumed.Loop.LastCheckpoint);
        Assert.That(b.State.Step, Is.EqualTo(a.State.Step));
        foreach (var (name, t) in a.Parameters)
        {
            Assert.That(b.Parameters[name].ToFloatArray().Select(BitConverter.SingleToUInt32Bits), Is.EqualTo(t.ToFloatArray().Select(BitConverter.SingleToUInt32Bits)), name);
        }
    }
}
