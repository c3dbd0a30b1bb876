using CrystalKernels.Models.Config;
using CrystalKernels.Models.EquiformerV2;
using CrystalKernels.Tensors;
using CrystalKernels.Tensors.Random;
using CrystalKernels.Training.Checkpoints;
using CrystalKernels.Training.Runs;

namespace CrystalKernels.Training.Finetune;

/// <summary>
/// The fine-tuning model (paper-spec 4.1, 4.3): the pretrained backbone with a fresh, randomly initialised K-channel
/// graph output block and no position head. The pretrain → fine-tune conversion the authors' repo lacks: every
/// backbone parameter is copied from the pretrain checkpoint (strict: shapes must match), its 118-channel
/// <c>output_block.*</c> and its <c>force_block.*</c> are left out.
/// </summary>
public static class FinetuneModel
{
    public const string HeadPrefix = "output_block.";
    public const string PositionHeadPrefix = "force_block.";

    public static bool IsHead(string name) => name.StartsWith(HeadPrefix, StringComparison.Ordinal);

    /// <summary>The model of <paramref name="config"/> (architecture from its model section) with a graph head of
    /// finetune.output_width outputs, weights initialised from <paramref name="seed"/>.</summary>
    public static EquiformerV2Model Create(RunConfig config, ulong seed)
    {
        var f = config.Finetune;
        var width = f.OutputWidth ?? throw new ArgumentException("finetune: finetune.output_width is not resolved (K classes or the label width)");
        var task = f.Task == FinetuneTask.Classify ? GraphTask.Classification : GraphTask.Regression;
        var head = OutputHead.Graph(width, task, f.Aggregation);
        return new EquiformerV2Model(Architecture(config.Model) with { Output = head, PositionHead = false },
            RngStream.Create(seed, "finetune-init"), DTypeOf(config.Model));
    }

    /// <summary>Copies the pretrained backbone into <paramref name="model"/>; the head keeps its fresh values.</summary>
    public static void LoadBackbone(EquiformerV2Model model, LoadedCheckpoint pretrained) =>
        pretrained.LoadParameters(model.Parameters, name => IsHead(name) || name.StartsWith(PositionHeadPrefix, StringComparison.Ordinal));

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

    public static DType DTypeOf(ModelConfig m) => m.Dtype switch
    {
        "float32" => DType.Float32,
        "float64" => DType.Float64,
        _ => throw new ArgumentException($"model.dtype must be float32 or float64, got '{m.Dtype}'"),
    };

    // TODO(pretrain merge): replace with ModelFactory (issue 5 shared core) once it is on the pretrain branch.
    private static EquiformerV2Config Architecture(ModelConfig m) => new()
    {
        Blocks = m.NumLayers,
        SphereChannels = m.SphereChannels,
        AttnHiddenChannels = m.AttnHiddenChannels,
        Heads = m.NumHeads,
        AttnAlphaChannels = m.AttnAlphaChannels,
        AttnValueChannels = m.AttnValueChannels,
        FfnHiddenChannels = m.FfnHiddenChannels,
        LMax = m.Lmax,
        MMax = m.Mmax,
        EdgeChannels = m.EdgeChannels,
        MaxRadius = m.Cutoff,
        MaxNeighbors = m.MaxNeighbors,
        DistanceGaussians = m.NumGaussians,
        AlphaDrop = m.AlphaDrop,
        DropPathRate = m.DropPathRate,
    };
}
