using CrystalKernels.Models.Config;
using CrystalKernels.Models.EquiformerV2;
using CrystalKernels.Tensors;
using CrystalKernels.Tensors.Random;
using CrystalKernels.Training.Runs;

namespace CrystalKernels.Training.Modeling;

/// <summary>
/// Builds the model a run configuration describes: the <c>model.preset</c> (ModelPresets) with every non-null
/// <c>model.*</c> key overriding it, the command's output head and position head, weights initialised from
/// RngStream(seed, "init") as the reference initialises them.
/// </summary>
public static class ModelFactory
{
    /// <summary>The resolved architecture (the preset's head; <see cref="Create"/> sets the command's).</summary>
    public static EquiformerV2Config Architecture(ModelConfig m)
    {
        if (m.Name != "equiformer_v2")
        {
            throw new ConfigException($"model.name = '{m.Name}': the only architecture is equiformer_v2");
        }

        if (!ModelPresets.All.TryGetValue(m.Preset, out var p))
        {
            throw new ConfigException($"model.preset = '{m.Preset}' is not a preset; known: {string.Join(", ", ModelPresets.All.Keys)}");
        }

        var c = p with
        {
            Blocks = m.NumLayers ?? p.Blocks,
            SphereChannels = m.SphereChannels ?? p.SphereChannels,
            AttnHiddenChannels = m.AttnHiddenChannels ?? p.AttnHiddenChannels,
            Heads = m.NumHeads ?? p.Heads,
            AttnAlphaChannels = m.AttnAlphaChannels ?? p.AttnAlphaChannels,
            AttnValueChannels = m.AttnValueChannels ?? p.AttnValueChannels,
            FfnHiddenChannels = m.FfnHiddenChannels ?? p.FfnHiddenChannels,
            LMax = m.Lmax ?? p.LMax,
            MMax = m.Mmax ?? p.MMax,
            EdgeChannels = m.EdgeChannels ?? p.EdgeChannels,
            MaxRadius = m.Cutoff ?? p.MaxRadius,
            MaxNeighbors = m.MaxNeighbors ?? p.MaxNeighbors,
            DistanceGaussians = m.NumGaussians ?? p.DistanceGaussians,
            FfnGridResolution = m.FfnGridResolution ?? p.FfnGridResolution,
            AlphaDrop = m.AlphaDrop ?? p.AlphaDrop,
            DropPathRate = m.DropPathRate ?? p.DropPathRate,
        };
        try
        {
            return c.Validate();
        }
        catch (ArgumentOutOfRangeException e)
        {
            throw new ConfigException($"model (preset {m.Preset} with overrides): {e.Message}");
        }
    }

    /// <summary>The architecture with the command's heads; <c>model.output_channels</c>, when set, must agree.</summary>
    public static EquiformerV2Config Architecture(ModelConfig m, OutputHead head, bool positionHead)
    {
        if (m.OutputChannels is { } k && k != head.Channels)
        {
            throw new ConfigException($"model.output_channels = {k}, but this command's output head has {head.Channels} channels ({head}); remove the key or set it to {head.Channels}");
        }

        return Architecture(m) with { Output = head, PositionHead = positionHead };
    }

    public static EquiformerV2Model Create(ModelConfig m, OutputHead head, bool positionHead, ulong seed, DType dtype) =>
        new(Architecture(m, head, positionHead), InitStream(seed), dtype);

    public static EquiformerV2Model Create(ModelConfig m, OutputHead head, bool positionHead, ulong seed) =>
        Create(m, head, positionHead, seed, DTypeOf(m));

    /// <summary>The stream weights are initialised from.</summary>
    public static RngStream InitStream(ulong seed) => RngStream.Create(seed, "init");

    /// <summary>model.dtype: float32 or float64.</summary>
    public static DType DTypeOf(ModelConfig m) => m.Dtype.ToLowerInvariant() switch
    {
        "float32" or "f32" => DType.Float32,
        "float64" or "f64" => DType.Float64,
        _ => throw new ConfigException($"model.dtype = '{m.Dtype}' is not float32 or float64"),
    };
}
