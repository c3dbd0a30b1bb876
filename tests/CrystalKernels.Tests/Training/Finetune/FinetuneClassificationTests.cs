using System.Globalization;
using System.Text;
using CrystalKernels.Crystals.Io;
using CrystalKernels.Tests.Support;
using CrystalKernels.Training.Checkpoints;
using CrystalKernels.Training.Data;
using CrystalKernels.Training.Finetune;
using CrystalKernels.Training.Runs;

namespace CrystalKernels.Tests.Training.Finetune;

public sealed class FinetuneClassificationTests
{
    /// <summary>
    /// Stability classification on a few small MP-40 rows (12 train, 4 val, 3 test by the hash rule, ≤ 6 atoms), stable =
    /// energy_above_hull ≤ 0: the loss goes down, accuracy / F1 / confusion matrix are reported beside the
    /// majority-class baseline, the held-out test rows are scored once at the end, predict gives a probability per class.
    /// </summary>
    [Test]
    [Category(Categories.Data)]
    public void StabilityOnFewMp40Rows()
    {
        var source = SharedPaths.RequireData("mp40-stability", "mp40_ehull_public.csv.gz");
        using var temp = new TrainingTemp();
        var subset = Mp40Subset(source, temp.File("mp40_small.csv"), train: 12, val: 4, test: 3, maxAtoms: 6);
        var init = FinetuneSetup.PretrainCheckpoint(temp);
        var request = new FinetuneRequest
        {
            Task = "classify",
            Init = init,
            OutDir = temp.File("run"),
            Overrides =
            [
                $"data.train=[{subset}]",
                "data.label_column=energy_above_hull",
                "finetune.class_threshold=0",
                "finetune.class_names=[unstable, stable]",
                "data.batch_size=4",
                "train.epochs=4",
                "optim.lr=3e-3",
            ],
        };
        var (result, log) = FinetuneSetup.Run(request);
        TestContext.Out.WriteLine(log);

        var epochLoss = MetricsLog.Read(Path.Combine(result.RunFolder, RunDirectory.MetricsFile))
            .Where(r => r.Split == "train_epoch" && r.Name == "loss").Select(r => r.Value).ToArray();
        Assert.That(epochLoss[^1], Is.LessThan(epochLoss[0]), "NLL per epoch: " + string.Join(", ", epochLoss));
        Assert.That(log, Does.Contain("baseline (majority training class)"));
        Assert.That(log, Does.Contain("[baseline majority class: accuracy"));
        Assert.That(log, Does.Contain("true\\pred"));
        Assert.That(result.LastEval!.Confusion!.Total, Is.EqualTo(4));
        Assert.That(result.LastEval.Metrics.Keys, Is.SupersetOf(new[] { "accuracy", "f1", "baseline_accuracy", "baseline_f1" }));
        Assert.That(File.Exists(Path.Combine(result.RunFolder, "confusion.png")), Is.True);
        Assert.That(result.Test!.Confusion!.Total, Is.EqualTo(3), "the test split is scored once, after training");
        Assert.That(log, Does.Match(@"test \(3 held-out structures, (best|last)\.safetensors\): loss"));
        Assert.That(File.ReadAllText(Path.Combine(result.RunFolder, "test_metrics.json")), Does.Contain("\"baseline_accuracy\""));
        Assert.That(Checkpoint.Load(result.Loop.LastCheckpoint).Kind, Is.EqualTo(CheckpointKind.Classify));

        var predictor = FinetunePredictor.Load(result.Loop.LastCheckpoint);
        var structures = StructureIo.Read(subset);
        using var w = new StringWriter();
        predictor.WriteCsv(w, structures, "mp40_small.csv");
        var lines = w.ToString().TrimEnd('\n').Split('\n');
        Assert.That(lines[0], Is.EqualTo("material_id,prediction,p_unstable,p_stable"));
        Assert.That(lines, Has.Length.EqualTo(structures.Count + 1));
        foreach (var line in lines.Skip(1))
        {
            var c = line.Split(',');
            var p0 = double.Parse(c[2], CultureInfo.InvariantCulture);
            var p1 = double.Parse(c[3], CultureInfo.InvariantCulture);
            Assert.That(p0 + p1, Is.EqualTo(1.0).Within(1e-12), line);
            Assert.That(c[1], Is.EqualTo(p1 > p0 ? "stable" : "unstable"), line);
        }
    }

    /// <summary>Copies the first rows of each split with at most <paramref name="maxAtoms"/> atoms into a small CSV.</summary>
    private static string Mp40Subset(string source, string target, int train, int val, int test, int maxAtoms)
    {
        using var text = TextFiles.OpenText(source);
        var reader = new CsvRecordReader(text, source);
        var header = reader.Next()!.Fields;
        var atoms = Array.IndexOf(header, "n_atoms");
        var sb = new StringBuilder(string.Join(",", header.Select(Quote)) + "\n");
        int nTrain = 0, nVal = 0, nTest = 0;
        while (reader.Next() is { } r && (nTrain < train || nVal < val || nTest < test))
        {
            if (int.Parse(r.Fields[atoms], CultureInfo.InvariantCulture) > maxAtoms)
            {
                continue;
            }

            var split = HashSplit.Of(r.Fields[0]);
            if ((split == Split.Train && nTrain++ < train) || (split == Split.Val && nVal++ < val) || (split == Split.Test && nTest++ < test))
            {
                sb.Append(string.Join(",", r.Fields.Select(Quote))).Append('\n');
            }
        }

        File.WriteAllText(target, sb.ToString());
        return target;
    }

    private static string Quote(string s) => "\"" + s.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
