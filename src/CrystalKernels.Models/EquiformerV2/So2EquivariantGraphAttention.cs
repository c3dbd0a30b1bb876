using CrystalKernels.Equivariant.Grids;
using CrystalKernels.Equivariant.Layout;
using CrystalKernels.Equivariant.Nn;
using CrystalKernels.Equivariant.Ops;
using CrystalKernels.Models.Config;
using CrystalKernels.Models.Parameters;
using CrystalKernels.Tensors;
using CrystalKernels.Tensors.Autograd;
using CrystalKernels.Tensors.Nn;
using CrystalKernels.Tensors.Ops;
using CrystalKernels.Tensors.Random;

namespace CrystalKernels.Models.EquiformerV2;

/// <summary>
/// SO2EquivariantGraphAttention (paper-spec 3.10) on normalised node features x [N, K, C]. Per edge j → i:
/// message [x_j | x_i] rotated into the edge frame; so2_conv_1 with radial weights from [g(d), E_src[Z_j], E_tgt[Z_i]]
/// gives values [E, Kr, H] and invariant extras [alpha features h·a | gates H]; separable S2 activation; so2_conv_2 to
/// h·v value channels; attention logits from LayerNorm → SmoothLeakyReLU(0.2) → ·α_dot, softmax over each target's
/// edges (dropout on α in training); values weighted per head, rotated back, summed at the target, SO3_LinearV2 to
/// Cout. The position head is this module with Cout = 1 and no α dropout.
/// </summary>
public sealed class So2EquivariantGraphAttention
{
    public So2EquivariantGraphAttention(string name, EquiformerV2Config config, int outputChannels, double alphaDrop, S2Grid grid, RngStream init, DType dtype)
    {
        Name = name;
        Layout = config.Layout;
        Heads = config.Heads;
        AlphaChannels = config.AttnAlphaChannels;
        ValueChannels = config.AttnValueChannels;
        HiddenChannels = config.AttnHiddenChannels;
        AlphaDrop = alphaDrop;
        Grid = grid;
        var radial = ModelParameterShapes.RadialChannels(config, 0)[..^1];
        var alphaBound = 1.0 / Math.Sqrt(AlphaChannels);
        AlphaDot = SpeciesEmbedding.UniformTable($"{name}.alpha_dot", Heads, AlphaChannels, alphaBound, init.Sub(0), dtype);
        SourceEmbedding = SpeciesEmbedding.UniformTable($"{name}.source_embedding.weight", config.MaxElements, config.EdgeChannels, 0.001, init.Sub(1), dtype);
        TargetEmbedding = SpeciesEmbedding.UniformTable($"{name}.target_embedding.weight", config.MaxElements, config.EdgeChannels, 0.001, init.Sub(2), dtype);
        Conv1 = new So2Convolution($"{name}.so2_conv_1", Layout, 2 * config.SphereChannels, HiddenChannels, (Heads * AlphaChannels) + HiddenChannels, radial, init.Sub(3), dtype);
        AlphaNorm = new LayerNorm($"{name}.alpha_norm", AlphaChannels, 1e-5, dtype);
        Activation = new SeparableS2Activation(grid);
        Conv2 = new So2Convolution($"{name}.so2_conv_2", Layout, HiddenChannels, Heads * ValueChannels, 0, null, init.Sub(4), dtype);
        Proj = new So3LinearV2($"{name}.proj", Layout.LMax, Heads * ValueChannels, outputChannels, init.Sub(5), dtype);
    }

    public string Name { get; }

    public SphericalLayout Layout { get; }

    public int Heads { get; }

    public int AlphaChannels { get; }

    public int ValueChannels { get; }

    public int HiddenChannels { get; }

    public double AlphaDrop { get; }

    public S2Grid Grid { get; }

    /// <summary>[h, a].</summary>
    public Tensor AlphaDot { get; }

    public Tensor SourceEmbedding { get; }

    public Tensor TargetEmbedding { get; }

    public So2Convolution Conv1 { get; }

    public LayerNorm AlphaNorm { get; }

    public SeparableS2Activation Activation { get; }

    public So2Convolution Conv2 { get; }

    public So3LinearV2 Proj { get; }

    /// <summary>In the reference's state-dict order.</summary>
    public IEnumerable<Tensor> Parameters =>
        new[] { AlphaDot, SourceEmbedding, TargetEmbedding }.Concat(Conv1.Parameters).Concat(AlphaNorm.Parameters)
            .Concat(Conv2.Parameters).Concat(Proj.Parameters);

    /// <param name="dropoutSite">Distinguishes this module's dropout draws from every other site of the step.</param>
    public Tensor Forward(Tape? tape, Tensor x, EdgeContext edges, ulong dropoutSite = 0, string? traceName = null)
    {
        var inputs = edges.Inputs;
        var (e, heads) = (inputs.EdgeCount, Heads);
        var (source, target) = (Op.IndexSelect(tape, x, inputs.EdgeSource), Op.IndexSelect(tape, x, inputs.EdgeTarget));
        var gathered = Op.Concat(tape, 2, source, target);
        var message = EqOp.Rotate(tape, gathered, edges.Wigner, Layout);
        var detachedFrames = !edges.Wigner.RequiresGrad;
        if (detachedFrames)
        {
            // Only the Wigner gradient reads the unrotated message; IndexSelect and Concat read only their output
            // gradients. Two [E, K, C] gathers and their [E, K, 2C] concat per layer go back to the pool.
            tape?.Release(source, target, gathered);
        }

        var radialInput = edges.RadialInput(tape, SourceEmbedding, TargetEmbedding);
        var (values, extra) = Conv1.Forward(tape, message, radialInput);
        Trace(edges, traceName, "rotated_message", message);
        Trace(edges, traceName, "conv1_out", values);
        Trace(edges, traceName, "conv1_extra", extra!);
        var alphaFeatures = Op.Slice(tape, extra!, 1, 0, heads * AlphaChannels);
        var gates = Op.Slice(tape, extra!, 1, heads * AlphaChannels, HiddenChannels);
        values = Activation.Forward(tape, gates, values);
        Trace(edges, traceName, "s2_act", values);
        (values, _) = Conv2.Forward(tape, values, null);
        Trace(edges, traceName, "conv2_out", values);

        var logits = AlphaLogits(tape, alphaFeatures, e);
        var alpha = Op.SegmentSoftmax(tape, logits, inputs.RowPtr);
        Trace(edges, traceName, "alpha", alpha);

        alpha = Op.Dropout(tape, alpha, AlphaDrop, edges.Options.Dropout.Sub(dropoutSite), 0, edges.Options.Training);
        values = EqOp.HeadWeights(tape, values, alpha);
        var rotatedBack = EqOp.RotateInv(tape, values, edges.Wigner, Layout);
        var aggregated = Op.SegmentSum(tape, rotatedBack, inputs.RowPtr);

        // SegmentSum reads only its output gradient, RotateInv its input only for the Wigner gradient.
        tape?.Release(rotatedBack);
        if (detachedFrames)
        {
            tape?.Release(values);
        }

        Trace(edges, traceName, "aggregated", aggregated);
        return Proj.Forward(tape, aggregated);
    }

    private static void Trace(EdgeContext edges, string? prefix, string what, Tensor t)
    {
        if (prefix is not null)
        {
            edges.Options.Record($"{prefix}.{what}", t);
        }
    }

    /// <summary>logit[e, h] = Σ_k SmoothLeakyReLU(LayerNorm(q[e, h, :]))[k] · α_dot[h, k].</summary>
    private Tensor AlphaLogits(Tape? tape, Tensor alphaFeatures, int e)
    {
        var q = Op.Reshape(tape, alphaFeatures, e, Heads, AlphaChannels);
        q = EqOp.SmoothLeakyRelu(tape, AlphaNorm.Forward(tape, q));
        var weighted = Op.Mul(tape, Op.Reshape(tape, q, e, Heads * AlphaChannels), Op.Reshape(tape, AlphaDot, Heads * AlphaChannels));
        return Op.Sum(tape, Op.Reshape(tape, weighted, e, Heads, AlphaChannels), 2);
    }
}
