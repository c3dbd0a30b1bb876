using CrystalKernels.Models.Config;
using CrystalKernels.Training.Checkpoints;
using CrystalKernels.Training.Modeling;
using CrystalKernels.Training.Runs;

namespace CrystalKernels.Training.Gan;

/// <summary>
/// A generator for complete and evaluate: a pretrain checkpoint as it is, or the generator half of a GAN checkpoint
/// ("generator." + name), so the paper's evaluation applies to G before and after the adversarial stage alike.
/// </summary>
public static class GeneratorCheckpoint
{
    public static LoadedModel Load(string path)
    {
        var ckpt = Checkpoint.Load(path, CheckpointKind.Pretrain, CheckpointKind.Gan);
        if (ckpt.Kind == CheckpointKind.Pretrain)
        {
            return ModelCheckpoint.LoadPretrain(path);
        }

        var gan = GanRun.ConfigOf(ckpt);
        var config = new RunConfig { Model = gan.GeneratorModel, Data = gan.Data, Train = gan.Train, Mask = gan.Mask, Noise = gan.Noise };
        var model = ModelFactory.Create(config.Model, OutputHead.Species, positionHead: true, config.Train.Seed);
        ModelCheckpoint.LoadBackbone(path, model, prefix: GanTask.GeneratorPrefix, kinds: CheckpointKind.Gan);
        return new LoadedModel(ckpt, config, model);
    }
}
