using CrystalKernels.Tests.Support;

namespace CrystalKernels.Tests.Training.Finetune;

[NonParallelizable]
public sealed class FinetuneCliTests
{
    [Test]
    public void FinetuneThenPredictFromTheCommandLine()
    {
        using var temp = new TrainingTemp();
        var init = FinetuneSetup.PretrainCheckpoint(temp);
        var labels = FinetuneSetup.VolumeLabels(temp);
        var outDir = temp.File("cli-run");
        var (rc, output) = CliRunner.Run("finetune", "--task", "regress", "--init", init, "--out", outDir, "--no-progress",
            $"data.train=[{FinetuneSetup.Prototype}]", $"data.labels={labels}", "data.label_column=volume_per_atom", "train.epochs=1", "finetune.trainable=head");
        Assert.That(rc, Is.EqualTo(0), output);
        Assert.That(output, Does.Contain("baseline (training mean)"));
        var checkpoint = Path.Combine(outDir, "checkpoints", "last.safetensors");
        Assert.That(output, Does.Contain($"checkpoint: {checkpoint}"));

        var csv = temp.File("pred.csv");
        (rc, output) = CliRunner.Run("predict", "--model", checkpoint, "--input", "builtin:prototypes:3", "--output", csv);
        Assert.That(rc, Is.EqualTo(0), output);
        var lines = File.ReadAllLines(csv);
        Assert.That(lines[0], Is.EqualTo("material_id,prediction"));
        Assert.That(lines, Has.Length.EqualTo(4));
        Assert.That(lines[1], Does.StartWith("proto-00000-"));
    }

    [Test]
    public void PredictWithAPretrainCheckpointFailsWithAClearMessage()
    {
        using var temp = new TrainingTemp();
        var init = FinetuneSetup.PretrainCheckpoint(temp);
        var (rc, output) = CliRunner.Run("predict", "--model", init, "--input", "builtin:prototypes:2");
        Assert.That(rc, Is.Not.EqualTo(0));
        Assert.That(output, Does.Contain("is a 'pretrain' checkpoint; crystal predict needs a fine-tuned 'classify' or 'regress' checkpoint"));
    }
}
