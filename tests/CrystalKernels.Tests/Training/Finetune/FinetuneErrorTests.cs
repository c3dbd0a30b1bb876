using CrystalKernels.Training.Checkpoints;
using CrystalKernels.Training.Data;
using CrystalKernels.Training.Finetune;

namespace CrystalKernels.Tests.Training.Finetune;

public sealed class FinetuneErrorTests
{
    [Test]
    public void PredictRefusesAPretrainCheckpoint()
    {
        using var temp = new TrainingTemp();
        var init = FinetuneSetup.PretrainCheckpoint(temp);
        var e = Assert.Throws<CheckpointException>(() => FinetunePredictor.Load(init));
        Assert.That(e!.Message, Does.Contain("is a 'pretrain' checkpoint"));
        Assert.That(e.Message, Does.Contain("'classify' or 'regress'"));
    }

    [Test]
    public void FinetuneRefusesAFinetunedCheckpointAsInit()
    {
        using var temp = new TrainingTemp();
        var init = FinetuneSetup.PretrainCheckpoint(temp);
        var (first, _) = FinetuneSetup.Run(FinetuneSetup.Regression(temp, init, "head", 1, "train.max_steps=1"));
        var request = FinetuneSetup.Regression(temp, first.Loop.LastCheckpoint, "head", 1);
        var e = Assert.Throws<CheckpointException>(() => FinetuneSetup.Run(request));
        Assert.That(e!.Message, Does.Contain("is a 'regress' checkpoint, but this command needs 'pretrain'"));
    }

    [Test]
    public void AMissingLabelColumnNamesTheFileAndTheColumns()
    {
        using var temp = new TrainingTemp();
        var init = FinetuneSetup.PretrainCheckpoint(temp);
        var request = FinetuneSetup.Regression(temp, init, "all", 1, "data.label_column=bulk_modulus");
        var e = Assert.Throws<FormatException>(() => FinetuneSetup.Run(request));
        Assert.That(e!.Message, Does.Contain("volume.csv:1: no column 'bulk_modulus' (columns: material_id, volume_per_atom)"));
    }

    [Test]
    public void NoLabelColumnOrNoMatchingIdIsAnError()
    {
        using var temp = new TrainingTemp();
        var init = FinetuneSetup.PretrainCheckpoint(temp);
        var unset = FinetuneSetup.Regression(temp, init, "all", 1, "data.label_column=null");
        Assert.That(Assert.Throws<ArgumentException>(() => FinetuneSetup.Run(unset))!.Message, Does.Contain("data.label_column is not set"));

        var labels = temp.File("other.csv");
        File.WriteAllText(labels, "material_id,volume_per_atom\nmp-1,3.5\n");
        var unmatched = FinetuneSetup.Regression(temp, init, "all", 1, $"data.labels={labels}");
        Assert.That(Assert.Throws<ArgumentException>(() => FinetuneSetup.Run(unmatched))!.Message, Does.Contain("has a 'volume_per_atom' label"));
    }

    [Test]
    public void ClassificationOfANumericColumnNeedsAThreshold()
    {
        var rows = new[] { new Labelled<int>("a", 0, [0.0]), new Labelled<int>("b", 1, [0.031]) };
        Assert.That(LabelEncoding.ClassIds(rows, 0.0, "energy_above_hull"), Is.EqualTo(new[] { 1, 0 }));
        Assert.That(LabelEncoding.ClassIds(rows, 0.025, "energy_above_hull"), Is.EqualTo(new[] { 1, 0 }));
        var e = Assert.Throws<ArgumentException>(() => LabelEncoding.ClassIds(rows, null, "energy_above_hull"));
        Assert.That(e!.Message, Does.Contain("set finetune.class_threshold"));
        Assert.That(LabelEncoding.ClassCount(null, [0, 1, 1]), Is.EqualTo(2));
        Assert.That(() => LabelEncoding.ClassCount(2, [0, 2]), Throws.ArgumentException);
    }

    [Test]
    public void StandardisationRoundTrips()
    {
        double[] y = [1, 10, 3, 10, 5, 10];
        var (mean, std) = LabelEncoding.Moments(y, 2);
        Assert.That(mean, Is.EqualTo(new[] { 3.0, 10.0 }));
        Assert.That(std[0], Is.EqualTo(Math.Sqrt(8.0 / 3)).Within(1e-15));
        Assert.That(std[1], Is.EqualTo(1.0), "a constant column keeps std 1");
        var z = LabelEncoding.Standardize(y, mean, std);
        Assert.That(LabelEncoding.Unstandardize(z, mean, std), Is.EqualTo(y).Within(1e-14));
        Assert.That(LabelEncoding.Untransform(2, LabelTransform.Log10), Is.EqualTo(100).Within(1e-12));
    }
}
