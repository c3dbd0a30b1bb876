using CrystalKernels.Tests.Support;

namespace CrystalKernels.Tests.Models;

[NonParallelizable]
public class ModelInfoCommandTests
{
    [Test]
    public void PaperConfigPrintsTheCountAndModuleRows()
    {
        var (rc, output) = CliRunner.Run("model", "info", "--config", "paper");
        Assert.That(rc, Is.EqualTo(0), output);
        Assert.That(output, Does.Contain("params=142464951"));
        Assert.That(output, Does.Contain("blocks.11.ga"));
        Assert.That(output, Does.Match(@"force_block\s+9,848,129"));
    }

    [Test]
    public void FixtureSmallListsEveryParameter()
    {
        var (rc, output) = CliRunner.Run("model", "info", "--config", "fixture-small", "--parameters");
        Assert.That(rc, Is.EqualTo(0), output);
        Assert.That(output, Does.Contain("params=535111"));
        Assert.That(output, Does.Contain("force_block.proj.weight [7, 1, 8]"));
        Assert.That(output, Does.Contain("blocks.1.ga.so2_conv_1.rad_func.net.6.weight [576, 24]"));
    }

    [Test]
    [Category(Categories.Data)]
    public void BenchStepRunsATinyConfigOnTheTimingBatch()
    {
        var path = SharedPaths.RequireData("mp20", "test_public.csv.gz");
        var (rc, output) = CliRunner.Run("bench", "step", "--data", path, "--config", "tiny", "--batch", "2", "--runs", "1", "--threads", "1", "--profile");
        Assert.That(rc, Is.EqualTo(0), output);
        Assert.That(output, Does.Match(@"step config=tiny batch=2 forward_ms=[0-9.]+ backward_ms=[0-9.]+ peak_mb=\d+"));
        Assert.That(output, Does.Contain("memory atoms=14 "), "mp-10009 (8 atoms) + mp-1001 (6 atoms)");
        Assert.That(output, Does.Contain("SegmentSoftmax"), "the profile lists the recorded ops");
    }

    [Test]
    public void BenchStepNamesAMissingDataFile()
    {
        var (rc, output) = CliRunner.Run("bench", "step", "--data", "/nonexistent/test_public.csv.gz", "--config", "tiny");
        Assert.That(rc, Is.Not.EqualTo(0));
        Assert.That(output, Does.Contain("/nonexistent/test_public.csv.gz").And.Contain("--data"));
    }

    [Test]
    public void UnknownConfigFails()
    {
        var (rc, output) = CliRunner.Run("model", "info", "--config", "nope");
        Assert.That(rc, Is.Not.EqualTo(0));
        Assert.That(output, Does.Contain("fixture-small"));
    }
}
