using System.Globalization;
using CrystalKernels.Training.Checkpoints;
using CrystalKernels.Training.Finetune;
using CrystalKernels.Training.Modeling;
using CrystalKernels.Training.Runs;

namespace CrystalKernels.Tests.Training.Finetune;

public sealed class FinetuneRegressionTests
{
    [Test]
    public void RegressionOnVolumePerAtomLowersTheLossAndReportsTheBaseline()
    {
        using var temp = new TrainingTemp();
        var init = FinetuneSetup.PretrainCheckpoint(temp);
        var (result, log) = FinetuneSetup.Run(FinetuneSetup.Regression(temp, init, "all", 4));

        var epochLoss = MetricsLog.Read(Path.Combine(result.RunFolder, RunDirectory.MetricsFile))
            .Where(r => r.Split == "train_epoch" && r.Name == "loss").Select(r => r.Value).ToArray();
        TestContext.Out.WriteLine(log);
        Assert.That(epochLoss, Has.Length.EqualTo(4));
        Assert.That(epochLoss[^1], Is.LessThan(0.8 * epochLoss[0]), "training loss (standardised MSE) per epoch: " + string.Join(", ", epochLoss));
        Assert.That(log, Does.Contain("baseline (training mean)"));
        Assert.That(log, Does.Contain("[baseline train mean: MAE"));
        Assert.That(result.LastEval, Is.Not.Null);
        Assert.That(result.LastEval!.Metrics.Keys, Is.SupersetOf(new[] { "loss", "mae", "r2", "baseline_mae", "baseline_r2" }));
        Assert.That(File.Exists(Path.Combine(result.RunFolder, "parity.png")), Is.True);
        Assert.That(File.Exists(Path.Combine(result.RunFolder, "loss.png")), Is.True);

        var saved = Checkpoint.Load(result.Loop.LastCheckpoint);
        Assert.That(saved.Kind, Is.EqualTo(CheckpointKind.Regress));
        var config = ModelCheckpoint.ConfigOf(saved).Finetune;
        Assert.That(config.Task, Is.EqualTo(FinetuneTask.Regress));
        Assert.That(config.OutputWidth, Is.EqualTo(1));
        Assert.That(config.TargetMean, Has.Count.EqualTo(1));
        Assert.That(config.TargetStd[0], Is.GreaterThan(0));
        Assert.That(saved.Parameters.Keys.Any(k => k.StartsWith("force_block.", StringComparison.Ordinal)), Is.False, "no position head");
        Assert.That(saved.Parameters["output_block.so3_linear_2.weight"].Shape[1], Is.EqualTo(1), "K = 1 output");
    }

    [Test]
    public void HeadOnlyModeLeavesTheBackboneBitIdentical()
    {
        using var temp = new TrainingTemp();
        var init = FinetuneSetup.PretrainCheckpoint(temp);
        var (result, _) = FinetuneSetup.Run(FinetuneSetup.Regression(temp, init, "head", 1));

        var before = Checkpoint.Load(init).Parameters;
        var after = Checkpoint.Load(result.Loop.LastCheckpoint).Parameters;
        var backbone = after.Keys.Where(k => !k.StartsWith(FinetuneModel.HeadPrefix, StringComparison.Ordinal)).ToList();
        Assert.That(backbone, Is.Not.Empty);
        foreach (var name in backbone)
        {
            Assert.That(after[name].ToFloatArray().Select(BitConverter.SingleToUInt32Bits),
                Is.EqualTo(before[name].ToFloatArray().Select(BitConverter.SingleToUInt32Bits)), name);
        }

        // The head did train: rebuild its initial values (same seed) and compare.
        var config = ModelCheckpoint.ConfigOf(Checkpoint.Load(result.Loop.LastCheckpoint));
        var fresh = FinetuneModel.Create(config, config.Train.Seed).Parameters.Where(p => FinetuneModel.IsHead(p.Name!)).ToList();
        Assert.That(fresh.Any(p => !p.ToFloatArray().SequenceEqual(after[p.Name!].ToFloatArray())), Is.True, "the head parameters changed");
    }

    [Test]
    public void PredictWritesOneRowPerStructureInLabelUnits()
    {
        using var temp = new TrainingTemp();
        var init = FinetuneSetup.PretrainCheckpoint(temp);
        var (result, _) = FinetuneSetup.Run(FinetuneSetup.Regression(temp, init, "all", 1, "data.label_transform=log10"));

        var predictor = FinetunePredictor.Load(result.Loop.LastCheckpoint);
        var structures = Crystals.Prototypes.BuiltinData.Read("builtin:prototypes:5");
        using var w = new StringWriter();
        predictor.WriteCsv(w, structures, "input.cif");
        var lines = w.ToString().TrimEnd('\n').Split('\n');
        Assert.That(lines[0], Is.EqualTo("material_id,prediction"));
        Assert.That(lines, Has.Length.EqualTo(6));
        for (var i = 0; i < 5; i++)
        {
            var cells = lines[i + 1].Split(',');
            Assert.That(cells[0], Is.EqualTo(structures[i].Id));
            var v = double.Parse(cells[1], CultureInfo.InvariantCulture);

            // log10 was undone: volumes per atom of real-looking crystals are Å³-sized, not log-sized.
            Assert.That(v, Is.InRange(1.0, 200.0), lines[i + 1]);
        }
    }

    /// <summary>A vector target (as the 51-point phonon DOS): a JSON-array column of width 3 gives K = 3 outputs,
    /// per-column standardisation and prediction_0..2 columns.</summary>
    [Test]
    public void VectorTargetsTrainAndPredictEveryColumn()
    {
        using var temp = new TrainingTemp();
        var init = FinetuneSetup.PretrainCheckpoint(temp);
        var labels = temp.File("vector.csv");
        var sb = new System.Text.StringBuilder("material_id,shape\n");
        foreach (var s in Crystals.Prototypes.BuiltinData.Read(FinetuneSetup.Prototype))
        {
            var l = s.Lattice;
            sb.Append(s.Id).Append(",\"").Append(string.Create(CultureInfo.InvariantCulture, $"[{l.Volume / s.Count:R}, {s.Count}, {l.Volume:R}]")).Append("\"\n");
        }

        File.WriteAllText(labels, sb.ToString());
        var request = FinetuneSetup.Regression(temp, init, "all", 1, $"data.labels={labels}", "data.label_column=shape");
        var (result, _) = FinetuneSetup.Run(request);
        var config = ModelCheckpoint.ConfigOf(Checkpoint.Load(result.Loop.LastCheckpoint)).Finetune;
        Assert.That(config.OutputWidth, Is.EqualTo(3));
        Assert.That(config.TargetMean, Has.Count.EqualTo(3));

        var predictor = FinetunePredictor.Load(result.Loop.LastCheckpoint);
        Assert.That(predictor.Columns(), Is.EqualTo(new[] { "material_id", "prediction_0", "prediction_1", "prediction_2" }));
        var rows = predictor.Rows(Crystals.Prototypes.BuiltinData.Read("builtin:prototypes:2"), "x").ToList();
        Assert.That(rows, Has.Count.EqualTo(2));
        Assert.That(rows.All(r => r.Length == 4 && r.Skip(1).All(c => double.IsFinite(double.Parse(c, CultureInfo.InvariantCulture)))), Is.True);
    }
}
