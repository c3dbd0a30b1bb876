using CrystalKernels.Training.Runs;

namespace CrystalKernels.Tests.Training;

public class RunDirectoryTests
{
    [Test]
    public void FolderIsCommandAndTimestampWithConfigMetricsAndCheckpoints()
    {
        using var tmp = new TrainingTemp();
        var now = new DateTime(2025, 3, 4, 5, 6, 7);
        var run = RunDirectory.Create("pretrain", runsRoot: tmp.Path, now: now);
        Assert.That(Path.GetFileName(run.Path), Is.EqualTo("pretrain-20250304-050607"));
        Assert.That(Directory.Exists(run.CheckpointsPath), Is.True);
        var again = RunDirectory.Create("pretrain", runsRoot: tmp.Path, now: now);
        Assert.That(Path.GetFileName(again.Path), Is.EqualTo("pretrain-20250304-050607-2"), "two runs in the same second never share a folder");

        var config = ConfigLoader.Load(null, ["train.epochs=2"]);
        run.WriteConfig(config);
        var back = ConfigLoader.Load(run.ConfigPath, []);
        Assert.That(back.Train.Epochs, Is.EqualTo(2));

        var outDir = RunDirectory.Create("classify", outDir: tmp.File("mine"));
        Assert.That(outDir.Path, Is.EqualTo(tmp.File("mine")));
        Assert.Throws<ArgumentException>(() => RunDirectory.Create("bad name", runsRoot: tmp.Path));
    }

    [Test]
    public void MetricsAreOneFlushedJsonObjectPerLine()
    {
        using var tmp = new TrainingTemp();
        var path = tmp.File("metrics.jsonl");
        using (var log = MetricsLog.Open(path))
        {
            log.Write(10, 0, "train", "loss", 0.5);

            // Flushed per line: readable while the log is still open (a live run, or a crash right after).
            using (var peek = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite))
            using (var reader = new StreamReader(peek))
            {
                Assert.That(reader.ReadToEnd(), Is.EqualTo("{\"step\":10,\"epoch\":0,\"split\":\"train\",\"name\":\"loss\",\"value\":0.5}\n"));
            }

            log.Write(20, 1, "val", "acc \"q\"", 0.1 + 0.2);
            log.Write(30, 1, "val", "loss", double.NaN);
        }

        File.AppendAllText(path, "{\"step\":40,\"ep"); // a torn last line, as after a kill mid-write
        var records = MetricsLog.Read(path);
        Assert.That(records, Has.Count.EqualTo(3));
        Assert.That(records[1], Is.EqualTo(new MetricRecord(20, 1, "val", "acc \"q\"", 0.1 + 0.2)));
        Assert.That(double.IsNaN(records[2].Value), Is.True);

        File.WriteAllText(path, "garbage\n{\"step\":1,\"epoch\":0,\"split\":\"train\",\"name\":\"loss\",\"value\":1}\n");
        var e = Assert.Throws<FormatException>(() => MetricsLog.Read(path))!;
        Assert.That(e.Message, Does.Contain("metrics.jsonl:1"));
    }
}
