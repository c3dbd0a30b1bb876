using CrystalKernels.Equivariant.Frames;
using CrystalKernels.Equivariant.Layout;
using CrystalKernels.Equivariant.Ops;
using CrystalKernels.Equivariant.Radial;
using CrystalKernels.Equivariant.Wigner;
using CrystalKernels.Models.Inputs;
using CrystalKernels.Tensors;
using CrystalKernels.Tensors.Autograd;
using CrystalKernels.Tensors.Ops;

namespace CrystalKernels.Models.EquiformerV2;

/// <summary>
/// What every edge module of one forward shares (paper-spec 3.19): the inputs, the Gaussian basis g(d) [E, G], the
/// truncated Wigner blocks [E, S] (computed once, shared by every block and head), and the options.
/// </summary>
public sealed class EdgeContext
{
    private EdgeContext(ModelInputs inputs, SphericalLayout layout, Tensor gaussians, Tensor wigner, ForwardOptions options)
    {
        Inputs = inputs;
        Layout = layout;
        Gaussians = gaussians;
        Wigner = wigner;
        Options = options;
    }

    public ModelInputs Inputs { get; }

    public SphericalLayout Layout { get; }

    /// <summary>g(d_e) [E, G], differentiable w.r.t. the distances.</summary>
    public Tensor Gaussians { get; }

    /// <summary>Truncated Wigner rows [E, Layout.TruncatedRotationSize]; detached unless options.FrameGradient.</summary>
    public Tensor Wigner { get; }

    public ForwardOptions Options { get; }

    public static EdgeContext Create(Tape? tape, ModelInputs inputs, SphericalLayout layout, GaussianSmearing smearing, ForwardOptions options)
    {
        var g = EqOp.GaussianBasis(tape, inputs.Distances, smearing);
        var rolls = options.Roll.ForEdges(inputs.Graph.Cells, RollRule.EdgeCrystals(inputs.Graph.EdgeOffsets));
        var w = EdgeWigner.Compute(options.FrameGradient ? tape : null, inputs.EdgeVectors, layout, rolls, inputs.DType).Blocks;
        return new EdgeContext(inputs, layout, g, w, options);
    }

    /// <summary>Radial-MLP input [E, G + 2·width]: Gaussians, source-atom embedding, target-atom embedding.</summary>
    public Tensor RadialInput(Tape? tape, Tensor sourceEmbedding, Tensor targetEmbedding) =>
        Op.Concat(tape, 1, Gaussians,
            Op.IndexSelect(tape, SpeciesEmbedding.Nodes(tape, sourceEmbedding, Inputs), Inputs.EdgeSource),
            Op.IndexSelect(tape, SpeciesEmbedding.Nodes(tape, targetEmbedding, Inputs), Inputs.EdgeTarget));
}
