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
    public void BenchModelRunsATinyConfigOnRealCrystals()
    {
        var path = SharedPaths.RequireData("mp20", "val.csv.gz");
        var (rc, output) = CliRunner.Run("bench", "model", "--input", path, "--config", "tiny", "--batch", "2", "--repeat", "1");
        Assert.That(rc, Is.EqualTo(0), output);
        Assert.That(output, Does.Match(@"crystals=2 atoms=\d+ edges=\d+ forward_s=[0-9.]+ forward_backward_s=[0-9.]+"));
    }

    [Test]
    public void UnknownConfigFails()
    {
        var (rc, output) = CliRunner.Run("model", "info", "--config", "nope");
        Assert.That(rc, Is.Not.EqualTo(0));
        Assert.That(output, Does.Contain("fixture-small"));
    }
}
