using CrystalKernels.Equivariant.Grids;
using CrystalKernels.Equivariant.Nn;
using CrystalKernels.Models.Config;
using CrystalKernels.Models.Inputs;
using CrystalKernels.Tensors;
using CrystalKernels.Tensors.Autograd;
using CrystalKernels.Tensors.Nn;
using CrystalKernels.Tensors.Ops;
using CrystalKernels.Tensors.Random;

namespace CrystalKernels.Models.EquiformerV2;

/// <summary>
/// The authors' EquiformerV2 (paper-spec 3.19): sphere embedding + edge-degree embedding, TransBlockV2 × Blocks, final
/// RMS norm, an output FFN whose l = 0 channels are the species logits (node head) or are aggregated per crystal
/// (graph head), and optionally the position head (a graph attention with one output channel; vec = out[:, 1..3, 0]).
/// Parameter names are the reference's state-dict names (<see cref="Parameters"/>; load with <see cref="ModelWeights"/>).
/// </summary>
public sealed class EquiformerV2Model
{
    public EquiformerV2Model(EquiformerV2Config config, RngStream init, DType dtype = DType.Float32)
    {
        Config = config.Validate();
        DType = dtype;
        AttentionGrid = S2Grid.Create(config.LMax, config.MMax);
        FfnGrid = S2Grid.Create(config.LMax, config.LMax, config.FfnGridResolution);
        SphereEmbedding = new Embedding("sphere_embedding", config.MaxElements, config.SphereChannels, init.Sub(0), dtype);
        EdgeDegree = new EdgeDegreeEmbedding("edge_degree_embedding", config, init.Sub(1), dtype);
        Blocks = Enumerable.Range(0, config.Blocks)
            .Select(b => new TransBlockV2($"blocks.{b}", b, config, AttentionGrid, FfnGrid, init.Sub(100 + (ulong)b), dtype))
            .ToArray();
        Norm = new EquivariantRmsNorm("norm", config.LMax, config.SphereChannels, 1e-5, dtype);
        OutputBlock = new FeedForwardNetwork("output_block", config.LMax, config.SphereChannels, config.FfnHiddenChannels, config.Output.Channels, FfnGrid, init.Sub(2), dtype);
        PositionBlock = config.PositionHead
            ? new So2EquivariantGraphAttention("force_block", config, 1, 0.0, AttentionGrid, init.Sub(3), dtype)
            : null;
    }

    public EquiformerV2Config Config { get; }

    public DType DType { get; }

    public S2Grid AttentionGrid { get; }

    public S2Grid FfnGrid { get; }

    public Embedding SphereEmbedding { get; }

    public EdgeDegreeEmbedding EdgeDegree { get; }

    public IReadOnlyList<TransBlockV2> Blocks { get; }

    public EquivariantRmsNorm Norm { get; }

    public FeedForwardNetwork OutputBlock { get; }

    /// <summary>The position head ("force_block"), null when the config has none.</summary>
    public So2EquivariantGraphAttention? PositionBlock { get; }

    /// <summary>Every trainable tensor, each named with its full reference name.</summary>
    public IEnumerable<Tensor> Parameters =>
        SphereEmbedding.Parameters
            .Concat(EdgeDegree.Parameters)
            .Concat(Blocks.SelectMany(b => b.Parameters))
            .Concat(Norm.Parameters)
            .Concat(OutputBlock.Parameters)
            .Concat(PositionBlock?.Parameters ?? []);

    public EquiformerV2Output Forward(Tape? tape, ModelInputs inputs, ForwardOptions? options = null)
    {
        var o = options ?? ForwardOptions.Eval;
        if (inputs.DType != DType)
        {
            throw new ArgumentException($"EquiformerV2: inputs are {inputs.DType} but the model is {DType}");
        }

        var layout = Config.Layout;
        var edges = EdgeContext.Create(tape, inputs, layout, Config.Gaussians, o);
        var x = ReducedLayout.FromScalars(tape, SpeciesEmbedding.Nodes(tape, SphereEmbedding.Weight, inputs), layout.K);
        x = Op.Add(tape, x, EdgeDegree.Forward(tape, edges));
        o.Record("x_after_embedding", x);
        foreach (var block in Blocks)
        {
            x = block.Forward(tape, x, edges);
        }

        x = Norm.Forward(tape, x);
        o.Record("final_norm", x);
        var nodeOut = ReducedLayout.Scalars(tape, OutputBlock.Forward(tape, x));
        var output = Config.Output.Kind == OutputHeadKind.Node ? nodeOut : GraphOutput(tape, nodeOut, inputs);
        Tensor? positions = null;
        if (PositionBlock is not null)
        {
            var head = PositionBlock.Forward(tape, x, edges, (ulong)(4 * Blocks.Count), "force_block");
            o.Record("force_block", head);
            positions = Op.Reshape(tape, Op.Slice(tape, head, 1, 1, 3), inputs.AtomCount, 3);
        }

        return new EquiformerV2Output(output, positions);
    }

    /// <summary>Per-crystal [B, K]: the sum over each crystal's atoms / _AVG_NUM_NODES (reference) or a true mean.</summary>
    private Tensor GraphOutput(Tape? tape, Tensor nodeOut, ModelInputs inputs)
    {
        var offsets = Tensor.FromArray(inputs.Graph.NodeOffsets, inputs.CrystalCount + 1);
        var sums = Op.SegmentSum(tape, nodeOut, offsets);
        if (Config.Output.Aggregation == GraphAggregation.Reference)
        {
            return Op.Scale(tape, sums, 1.0 / Config.AvgNumNodes);
        }

        var inv = new double[inputs.CrystalCount];
        for (var b = 0; b < inv.Length; b++)
        {
            inv[b] = 1.0 / Math.Max(1, inputs.Graph.AtomsOf(b));
        }

        return Op.Mul(tape, sums, Tensor.FromArray(inv, inv.Length, 1).To(nodeOut.DType));
    }
}
