using CrystalKernels.Crystals;
using CrystalKernels.Crystals.Corruption;
using CrystalKernels.Crystals.Prototypes;
using CrystalKernels.Models.Config;
using CrystalKernels.Models.EquiformerV2;
using CrystalKernels.Tensors;
using CrystalKernels.Tensors.Random;
using CrystalKernels.Training.Checkpoints;
using CrystalKernels.Training.Gan;
using CrystalKernels.Training.Modeling;
using CrystalKernels.Training.Optim;
using CrystalKernels.Training.Runs;

namespace CrystalKernels.Tests.Training.Gan;

/// <summary>Tiny generator/discriminator pairs on builtin prototype crystals.</summary>
internal static class GanFixture
{
    public const ulong Seed = 5;

    /// <summary>Small builtin prototypes (≤ 4 atoms each, so a tiny-model step stays in milliseconds).</summary>
    public static IReadOnlyList<Structure> Crystals(int count) =>
        BuiltinData.Read("builtin:prototypes:64:3").Where(s => s.Count <= 4).Take(count).ToArray();

    public static EquiformerV2Model Generator(DType dtype) => new(ModelPresets.Tiny, RngStream.Create(11, "gan-test-g"), dtype);

    public static EquiformerV2Model Discriminator(DType dtype) =>
        new(ModelPresets.Tiny with { Output = OutputHead.Graph(2), PositionHead = false }, RngStream.Create(12, "gan-test-d"), dtype);

    public static GanStep Step(EquiformerV2Model g, EquiformerV2Model d, GanConfig config) =>
        new(g, d, config, MaskingOptions.Faithful, NoiseOptions.GanGenerator, 200, Seed);

    public static GanStep Step(GanConfig config, DType dtype = DType.Float32) => Step(Generator(dtype), Discriminator(dtype), config);

    /// <summary>Batches of two crystals, a fixed order per epoch (a seeded permutation of the list).</summary>
    public static Func<int, IReadOnlyList<IReadOnlyList<Structure>>> Batches(IReadOnlyList<Structure> crystals, int batchSize = 2) => epoch =>
    {
        var rng = RngStream.Create(Seed, "gan-test-shuffle").Sub((ulong)epoch);
        var order = Enumerable.Range(0, crystals.Count).OrderBy(i => rng.UInt((ulong)i)).ThenBy(i => i).ToArray();
        return order.Chunk(batchSize).Select(c => (IReadOnlyList<Structure>)c.Select(i => crystals[i]).ToArray()).ToArray();
    };

    /// <summary>A pretrain checkpoint (tiny generator) and a classify checkpoint (tiny 2-logit classifier), as the
    /// pretrain and finetune verbs write them: the resolved RunConfig in the metadata, parameters by reference name.</summary>
    public static (string Generator, string Discriminator) SourceCheckpoints(string folder)
    {
        var config = new RunConfig { Model = new ModelConfig { Preset = "tiny" }, Train = new TrainConfig { Seed = 1 } };
        var g = ModelFactory.Create(config.Model, OutputHead.Species, positionHead: true, seed: 1);
        var d = ModelFactory.Create(config.Model, OutputHead.Graph(2), positionHead: false, seed: 2);
        var none = new Dictionary<string, AdamBase>();
        var gPath = Path.Combine(folder, "pretrain.safetensors");
        var dPath = Path.Combine(folder, "classify.safetensors");
        Checkpoint.Save(gPath, ModelCheckpoint.Contents(CheckpointKind.Pretrain, g.Parameters, none, new TrainingState(10, 1, 1), config));
        Checkpoint.Save(dPath, ModelCheckpoint.Contents(CheckpointKind.Classify, d.Parameters, none, new TrainingState(10, 1, 1), config));
        return (gPath, dPath);
    }
}
