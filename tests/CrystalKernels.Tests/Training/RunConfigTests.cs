using CrystalKernels.Crystals.Corruption;
using CrystalKernels.Training.Data;
using CrystalKernels.Training.Runs;

namespace CrystalKernels.Tests.Training;

public class RunConfigTests
{
    private const string Yaml = """
        model:
          num_layers: 4
          init_from: runs/pretrain/checkpoints/best.safetensors
        data:
          train: [mp20/train.csv.gz, mpts52/train_subset_not_in_mp20.csv.gz]
          label_transform: log10
        optim:
          name: adamw
          lr: 2e-4
          schedule: warmup_cosine
        train:
          epochs: 3
          seed: 7
        mask:
          coin_scope: crystal
          forced_strategy: random
        noise:
          sigma_ratio: 0.2
          min_dist: periodic_nearest_neighbour
        """;

    [Test]
    public void YamlThenOverridesResolveToTypedValues()
    {
        using var tmp = new TrainingTemp();
        var path = tmp.File("run.yaml");
        File.WriteAllText(path, Yaml);
        var c = ConfigLoader.Load(path, ["optim.lr=3e-4", "train.epochs=2", "data.batch_size=16", "model.init_from=null"]);
        Assert.That(c.Model.NumLayers, Is.EqualTo(4));
        Assert.That(c.Model.InitFrom, Is.Null, "override wins over the file");
        Assert.That(c.Model.SphereChannels, Is.Null, "untouched keys keep their defaults (null: the preset's value)");
        Assert.That(c.Data.Train, Is.EqualTo(new[] { "mp20/train.csv.gz", "mpts52/train_subset_not_in_mp20.csv.gz" }));
        Assert.That(c.Data.LabelTransform, Is.EqualTo(LabelTransform.Log10));
        Assert.That(c.Data.BatchSize, Is.EqualTo(16));
        Assert.That(c.Optim.Name, Is.EqualTo(OptimizerKind.AdamW));
        Assert.That(c.Optim.Lr, Is.EqualTo(3e-4));
        Assert.That(c.Optim.Schedule, Is.EqualTo(LrScheduleKind.WarmupCosine));
        Assert.That(c.Train.Epochs, Is.EqualTo(2));
        Assert.That(c.Train.Seed, Is.EqualTo(7UL));
        Assert.That(c.Mask.CoinScope, Is.EqualTo(MaskCoinScope.Crystal));
        Assert.That(c.Mask.ForcedStrategy, Is.EqualTo(MaskStrategy.Random));
        Assert.That(c.Noise.SigmaRatio, Is.EqualTo(0.2));
        Assert.That(c.Noise.MinDist, Is.EqualTo(MinDistMode.PeriodicNearestNeighbour));
    }

    [Test]
    public void SharedDefaultInstancesAreNeverModified()
    {
        var c = ConfigLoader.Load(null, ["mask.mask_ratio=0.3", "noise.sigma_ratio=0.5"]);
        Assert.That(c.Mask.MaskRatio, Is.EqualTo(0.3));
        Assert.That(MaskingOptions.Faithful.MaskRatio, Is.EqualTo(0.15));
        Assert.That(NoiseOptions.Pretrain.SigmaRatio, Is.EqualTo(0.1));
    }

    [TestCase("optim.learning_rate=1e-3", "optim.learning_rate", "optim.lr")]
    [TestCase("optim.lr_=1e-3", "optim.lr_", "optim.lr")]
    [TestCase("train.epoch=2", "train.epoch", "train.epochs")]
    [TestCase("mask.mask_ration=0.3", "mask.mask_ration", "mask.mask_ratio")]
    [TestCase("trian.seed=1", "trian.seed", "train.seed")]
    public void UnknownOverrideKeyIsNamedWithTheClosestKnownKey(string arg, string key, string suggestion)
    {
        var e = Assert.Throws<ConfigException>(() => ConfigLoader.Load(null, [arg]))!;
        Assert.That(e.Message, Does.Contain($"unknown config key '{key}'"));
        Assert.That(e.Message, Does.Contain($"did you mean '{suggestion}'"));
        Assert.That(e.Message, Does.Contain(arg));
    }

    [Test]
    public void UnknownYamlKeyNamesFileLineAndSuggestion()
    {
        var e = Assert.Throws<ConfigException>(() => ConfigLoader.FromYaml(new RunConfig(), "optim:\n  lr: 1e-4\n  weight_decy: 0.01\n", "run.yaml"))!;
        Assert.That(e.Message, Does.StartWith("run.yaml:3:"));
        Assert.That(e.Message, Does.Contain("'optim.weight_decy'").And.Contain("did you mean 'optim.weight_decay'"));
    }

    [TestCase("optim.lr=fast", "optim.lr = 'fast' is not a number")]
    [TestCase("train.epochs=2.5", "train.epochs = '2.5' is not an integer")]
    [TestCase("train.seed=-1", "train.seed = '-1' is not a non-negative integer")]
    [TestCase("train.deterministic=maybe", "train.deterministic = 'maybe' is not a boolean")]
    [TestCase("optim.name=sgd", "optim.name = 'sgd' is not one of adam, adamw")]
    [TestCase("optim.lr=null", "optim.lr = 'null' is null")]
    [TestCase("train.epochs=[1,2]", "is a list")]
    [TestCase("optim=adam", "'optim' is a section")]
    [TestCase("optim.lr", "expected key=value")]
    [TestCase("+optim.foo=1", "not supported")]
    public void TypeErrorsNameKeyAndValue(string arg, string expected)
    {
        var e = Assert.Throws<ConfigException>(() => ConfigLoader.Load(null, [arg]))!;
        Assert.That(e.Message, Does.Contain(expected));
    }

    [Test]
    public void MalformedYamlNamesTheFile()
    {
        var e = Assert.Throws<ConfigException>(() => ConfigLoader.FromYaml(new RunConfig(), "optim:\n  lr: [1\n", "bad.yaml"))!;
        Assert.That(e.Message, Does.StartWith("bad.yaml:"));
        Assert.Throws<ConfigException>(() => ConfigLoader.FromYaml(new RunConfig(), "- a\n- b\n", "list.yaml"));
    }

    [Test]
    public void QuotedNullIsAString()
    {
        var c = ConfigLoader.Load(null, ["data.label_column=\"null\"", "data.labels=null"]);
        Assert.That(c.Data.LabelColumn, Is.EqualTo("null"));
        Assert.That(c.Data.Labels, Is.Null);
    }

    [Test]
    public void WrittenYamlReadsBackToTheSameConfiguration()
    {
        var c = ConfigLoader.Load(null, ["optim.lr=3e-4", "optim.eps=1.2345678901234567e-9", "data.train=[a.csv,b c.csv]", "data.label_column=\"null\"", "model.init_from=x.safetensors", "mask.forced_strategy=species"]);
        var yaml = ConfigYaml.Write(c);
        Assert.That(yaml, Does.Contain("optim:").And.Contain("lr: 0.0003").And.Contain("coin_scope: batch"));
        var back = ConfigLoader.FromYaml(new RunConfig(), yaml, "written");
        Assert.That(ConfigYaml.Write(back), Is.EqualTo(yaml));
        Assert.That(back.Optim.Eps, Is.EqualTo(1.2345678901234567e-9), "doubles round-trip exactly");
        Assert.That(back.Data.LabelColumn, Is.EqualTo("null"));
        Assert.That(back.Data.Train, Is.EqualTo(new[] { "a.csv", "b c.csv" }));
        Assert.That(back.Mask.ForcedStrategy, Is.EqualTo(MaskStrategy.Species));
        Assert.That(back.Model, Is.EqualTo(c.Model));
    }

    [Test]
    public void EveryKeyIsSnakeCaseAndUnique()
    {
        var keys = ConfigSchema.Keys(typeof(RunConfig)).Select(k => k.Name).ToList();
        Assert.That(keys, Is.Unique);
        Assert.That(keys.All(k => k == k.ToLowerInvariant() && !k.Contains("__", StringComparison.Ordinal)), Is.True);
        Assert.That(keys, Does.Contain("train.weight_loss_pos").And.Contain("noise.min_dist").And.Contain("optim.beta1").And.Contain("model.ffn_hidden_channels"));
        Assert.That(ConfigSchema.SnakeCase("AdamW"), Is.EqualTo("adamw"));
        Assert.That(ConfigSchema.SnakeCase("IntraCellNoPbc"), Is.EqualTo("intra_cell_no_pbc"));
    }
}
