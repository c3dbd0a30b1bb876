using CrystalKernels.Tensors;
using CrystalKernels.Tensors.Io;

namespace CrystalKernels.Tests.Support;

/// <summary>
/// The model-small reference fixture (shared/fixtures/equiformer-reference/model-small): inputs/outputs, params,
/// grads and intermediates of the authors' EquiformerV2 (2 blocks, C = 16, edge_channels 24) on 4 MP-20 crystals,
/// float64. Files are read once per process; tests skip (Data-style) when the fixtures folder is missing.
/// </summary>
internal static class ModelSmallFixture
{
    private static readonly Lazy<IReadOnlyDictionary<string, Tensor>> InputsOutputsLazy = new(() => Load("inputs_outputs"));
    private static readonly Lazy<IReadOnlyDictionary<string, Tensor>> ParamsLazy = new(() => Load("params"));
    private static readonly Lazy<IReadOnlyDictionary<string, Tensor>> GradsLazy = new(() => Load("grads"));
    private static readonly Lazy<IReadOnlyDictionary<string, Tensor>> IntermediatesLazy = new(() => Load("intermediates"));

    /// <summary>natoms, batch, atomic_numbers_input, pos_input, cell, species_logits, position_output, loss, grad_pos_input, …</summary>
    public static IReadOnlyDictionary<string, Tensor> InputsOutputs => Require(InputsOutputsLazy);

    /// <summary>Every parameter under its reference name (e.g. blocks.0.ga.so2_conv_1.fc_m0.weight).</summary>
    public static IReadOnlyDictionary<string, Tensor> Params => Require(ParamsLazy);

    /// <summary>dL/dθ under the same names as <see cref="Params"/>.</summary>
    public static IReadOnlyDictionary<string, Tensor> Grads => Require(GradsLazy);

    /// <summary>edge_index, edge_vec, block0.norm_1, b0.rotated_message, final_norm, … (see the manifest).</summary>
    public static IReadOnlyDictionary<string, Tensor> Intermediates => Require(IntermediatesLazy);

    public static Tensor Get(this IReadOnlyDictionary<string, Tensor> file, string name) =>
        file.TryGetValue(name, out var t) ? t : throw new KeyNotFoundException($"model-small fixture tensor '{name}' not found");

    /// <summary>max |a − b| / max |b|: the fixture README's "relative to the tensor's max abs value".</summary>
    public static double RelativeToMaxAbs(Tensor actual, Tensor expected)
    {
        var a = actual.ToDoubleArray();
        var b = expected.ToDoubleArray();
        Assert.That(a, Has.Length.EqualTo(b.Length), $"element count: {actual.Describe()} vs {expected.Describe()}");
        var (diff, scale) = (0.0, 0.0);
        for (var i = 0; i < a.Length; i++)
        {
            diff = Math.Max(diff, Math.Abs(a[i] - b[i]));
            scale = Math.Max(scale, Math.Abs(b[i]));
        }

        return scale == 0 ? diff : diff / scale;
    }

    private static IReadOnlyDictionary<string, Tensor> Load(string file) =>
        SafeTensors.Read(SharedPaths.RequireFixtures("equiformer-reference", "model-small", file + ".safetensors")).Tensors;

    private static IReadOnlyDictionary<string, Tensor> Require(Lazy<IReadOnlyDictionary<string, Tensor>> lazy)
    {
        try
        {
            return lazy.Value;
        }
        catch (Exception e) when (e is not InconclusiveException and not IgnoreException)
        {
            throw new InvalidOperationException("model-small fixture could not be read: " + e.Message, e);
        }
    }
}
