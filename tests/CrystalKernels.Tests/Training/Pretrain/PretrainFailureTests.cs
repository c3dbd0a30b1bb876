using CrystalKernels.Crystals;
using CrystalKernels.Models.Config;
using CrystalKernels.Training.Checkpoints;
using CrystalKernels.Training.Modeling;
using CrystalKernels.Training.Runs;
using CrystalKernels.Tests.Support;

namespace CrystalKernels.Tests.Training.Pretrain;

/// <summary>Each failure names what is wrong: the file, the config key, the checkpoint kind.</summary>
[NonParallelizable]
public sealed class PretrainFailureTests
{
    [TestCase("model.num_layer=2", "unknown config key 'model.num_layer' (did you mean 'model.num_layers'?)")]
    [TestCase("model.preset=huge", "model.preset = 'huge' is not a preset")]
    [TestCase("data.train=[/nonexistent/train.csv.gz]", "data.train: file not found: /nonexistent/train.csv.gz")]
    [TestCase("optim.lr=fast", "optim.lr = 'fast' is not a number")]
    public void PretrainReportsBadConfiguration(string arg, string message)
    {
        using var tmp = new TrainingTemp();
        var (rc, output) = CliRunner.Run("pretrain", "model.preset=tiny", arg, "--out", tmp.File("run"));
        Assert.That(rc, Is.EqualTo(1));
        Assert.That(output, Does.Contain("error: ").And.Contain(message));
    }

    [Test]
    public void CommandsRefuseAWrongCheckpointKindOrAMissingFile()
    {
        using var tmp = new TrainingTemp();
        var classify = OverfitAndCompleteTests.SaveUntrained(tmp.File("classify.safetensors"), CheckpointKind.Classify);
        File.WriteAllText(tmp.File("nacl.cif"), PretrainFixture.NaClCif);
        var (rc, output) = CliRunner.Run("complete", "--model", classify, "--input", tmp.File("nacl.cif"), "--output", tmp.File("o.cif"));
        Assert.That(rc, Is.EqualTo(1));
        Assert.That(output, Does.Contain("is a 'classify' checkpoint, but this command needs 'pretrain'"));

        (rc, output) = CliRunner.Run("evaluate", "--model", tmp.File("nope.safetensors"), "--data", "builtin:prototypes:2");
        Assert.That(rc, Is.EqualTo(1));
        Assert.That(output, Does.Contain("checkpoint not found: ").And.Contain("nope.safetensors"));

        (rc, output) = CliRunner.Run("pretrain", "--resume", classify, "--out", tmp.File("r"));
        Assert.That(rc, Is.EqualTo(1));
        Assert.That(output, Does.Contain("is a 'classify' checkpoint"));

        var pretrain = OverfitAndCompleteTests.SaveUntrained(tmp.File("pretrain.safetensors"), CheckpointKind.Pretrain);
        (rc, output) = CliRunner.Run("evaluate", "--model", pretrain, "--data", tmp.File("missing.csv"));
        Assert.That(rc, Is.EqualTo(1));
        Assert.That(output, Does.Contain("--data: file not found: ").And.Contain("missing.csv"));

        (rc, output) = CliRunner.Run("evaluate", "--model", pretrain, "--data", "builtin:prototypes:2", "--mask", "delta");
        Assert.That(output, Does.Contain("expected alpha, beta or gamma"));
        Assert.That(rc, Is.EqualTo(1));

        (rc, output) = CliRunner.Run("complete", "--model", pretrain, "--input", tmp.File("nacl.cif"), "--mask", "species:Xx", "--output", tmp.File("o.cif"));
        Assert.That(output, Does.Contain("'Xx' is not an element symbol"));
        Assert.That(rc, Is.EqualTo(1));
    }

    [Test]
    public void BadDatasetRowsAreReportedAndSkipped()
    {
        using var tmp = new TrainingTemp();
        var good = PretrainFixture.NaClCif.Replace("\"", "\"\"", StringComparison.Ordinal);
        File.WriteAllText(tmp.File("set.csv"), $"material_id,cif\nmp-good,\"{good}\"\nmp-bad,\"data_x\n_cell_length_a oops\n\"\n");
        var skipped = new List<string>();
        var s = StructureSource.ReadOne(tmp.File("set.csv"), "data.train", skipped.Add);
        Assert.That(s.Select(x => x.Id), Is.EqualTo(new[] { "mp-good" }));
        Assert.That(skipped, Has.Count.EqualTo(1));
        Assert.That(skipped[0], Does.Contain("mp-bad").And.Contain("set.csv"));
        Assert.That(StructureSource.Problem(new Structure(PretrainFixture.NaCl().Lattice, [0], [new Vec3(0, 0, 0)])), Does.Contain("Z = 0"));
    }

    [Test]
    public void PresetAndOverridesResolveToTheArchitecture()
    {
        var c = ConfigLoader.Load(null, ["model.num_layers=2", "model.cutoff=4.5", "model.ffn_grid_resolution=32"]);
        Assert.That(c.Model.Preset, Is.EqualTo("small"));
        var arch = ModelFactory.Architecture(c.Model, OutputHead.Species, true);
        Assert.That(arch.Blocks, Is.EqualTo(2));
        Assert.That(arch.MaxRadius, Is.EqualTo(4.5));
        Assert.That(arch.FfnGridResolution, Is.EqualTo(32));
        Assert.That(arch.SphereChannels, Is.EqualTo(ModelPresets.Small.SphereChannels), "unset keys come from the preset");
        Assert.That(ModelFactory.Architecture(new ModelConfig { Preset = "paper" }), Is.EqualTo(ModelPresets.Paper));
        var bad = new ModelConfig { Preset = "tiny", OutputChannels = 2 };
        Assert.That(() => ModelFactory.Architecture(bad, OutputHead.Species, true),
            Throws.TypeOf<ConfigException>().With.Message.Contains("model.output_channels = 2"));
        Assert.That(() => ModelFactory.Architecture(new ModelConfig { Preset = "tiny", Mmax = 5 }),
            Throws.TypeOf<ConfigException>().With.Message.Contains("MMax"));
    }
}
