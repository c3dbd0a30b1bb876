using CrystalKernels.Models.Config;
using CrystalKernels.Models.EquiformerV2;
using CrystalKernels.Tensors;
using CrystalKernels.Training.Checkpoints;
using CrystalKernels.Training.Modeling;
using CrystalKernels.Training.Runs;

namespace CrystalKernels.Training.Finetune;

/// <summary>
/// The fine-tuning model (paper-spec 4.1, 4.3): the pretrained backbone with a fresh, randomly initialised K-channel
/// graph output block and no position head. This is the pretrain → fine-tune conversion the authors' repo lacks: every
/// backbone parameter is copied from the pretrain checkpoint (shapes must match); its 118-channel
/// <c>output_block.*</c> and its <c>force_block.*</c> are left out.
/// </summary>
public static class FinetuneModel
{
    public const string HeadPrefix = "output_block.";

    public static bool IsHead(string name) => name.StartsWith(HeadPrefix, StringComparison.Ordinal);

    /// <summary>The graph head of a resolved finetune section.</summary>
    public static OutputHead Head(FinetuneConfig f) => OutputHead.Graph(
        f.OutputWidth ?? throw new ConfigException("finetune: finetune.output_width is not resolved (K classes or the label width)"),
        f.Task == FinetuneTask.Classify ? GraphTask.Classification : GraphTask.Regression,
        f.Aggregation);

    /// <summary>The model of <paramref name="config"/> (architecture from its model section) with the finetune graph
    /// head, weights initialised from <paramref name="seed"/> (the head keeps these; the backbone is overwritten).</summary>
    public static EquiformerV2Model Create(RunConfig config, ulong seed) =>
        ModelFactory.Create(config.Model, Head(config.Finetune), positionHead: false, seed);

    /// <summary>Copies the pretrained backbone (everything but output_block and force_block) into the model.</summary>
    public static IReadOnlyList<string> LoadBackbone(EquiformerV2Model model, string pretrainPath) =>
        ModelCheckpoint.LoadBackbone(pretrainPath, model, ModelCheckpoint.IsHead, kinds: CheckpointKind.Pretrain);

    /// <summary>
    /// The parameters the optimiser updates. In head mode the backbone's parameters stop requiring a gradient, so the
    /// tape records nothing for them and they stay bit-identical.
    /// </summary>
    public static IReadOnlyList<Tensor> Trainable(EquiformerV2Model model, FinetuneTrainable trainable)
    {
        var result = new List<Tensor>();
        foreach (var p in model.Parameters)
        {
            var train = trainable == FinetuneTrainable.All || IsHead(p.Name!);
            p.RequiresGrad = train;
            if (train)
            {
                result.Add(p);
            }
        }

        return result;
    }
}
