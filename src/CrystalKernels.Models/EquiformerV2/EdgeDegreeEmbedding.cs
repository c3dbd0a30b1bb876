using CrystalKernels.Equivariant.Layout;
using CrystalKernels.Equivariant.Nn;
using CrystalKernels.Equivariant.Ops;
using CrystalKernels.Models.Config;
using CrystalKernels.Models.Parameters;
using CrystalKernels.Tensors;
using CrystalKernels.Tensors.Autograd;
using CrystalKernels.Tensors.Ops;
using CrystalKernels.Tensors.Random;

namespace CrystalKernels.Models.EquiformerV2;

/// <summary>
/// EdgeDegreeEmbedding (paper-spec 3.8): per edge, a radial MLP on [g(d), E_src[Z_j], E_tgt[Z_i]] gives the m = 0
/// coefficients of every degree [E, L+1, C]; they are placed in the reduced layout (m ≠ 0 zero), rotated back from the
/// edge frame, summed at the target and divided by _AVG_DEGREE. Output [N, K, C], added to the node embedding.
/// </summary>
public sealed class EdgeDegreeEmbedding
{
    public EdgeDegreeEmbedding(string name, EquiformerV2Config config, RngStream init, DType dtype)
    {
        Name = name;
        Layout = config.Layout;
        Channels = config.SphereChannels;
        AvgDegree = config.AvgDegree;
        SourceEmbedding = SpeciesEmbedding.UniformTable($"{name}.source_embedding.weight", config.MaxElements, config.EdgeChannels, 0.001, init.Sub(0), dtype);
        TargetEmbedding = SpeciesEmbedding.UniformTable($"{name}.target_embedding.weight", config.MaxElements, config.EdgeChannels, 0.001, init.Sub(1), dtype);
        RadFunc = new RadialFunction($"{name}.rad_func", ModelParameterShapes.RadialChannels(config, (Layout.LMax + 1) * Channels), init.Sub(2), dtype);
    }

    public string Name { get; }

    public SphericalLayout Layout { get; }

    public int Channels { get; }

    public double AvgDegree { get; }

    public Tensor SourceEmbedding { get; }

    public Tensor TargetEmbedding { get; }

    public RadialFunction RadFunc { get; }

    public IEnumerable<Tensor> Parameters => new[] { SourceEmbedding, TargetEmbedding }.Concat(RadFunc.Parameters);

    public Tensor Forward(Tape? tape, EdgeContext edges)
    {
        var e = edges.Inputs.EdgeCount;
        var w = RadFunc.Forward(tape, edges.RadialInput(tape, SourceEmbedding, TargetEmbedding));
        var m0 = Op.Reshape(tape, w, e, Layout.LMax + 1, Channels);
        var message = ReducedLayout.FromM0(tape, m0, Layout);
        var rotated = EqOp.RotateInv(tape, message, edges.Wigner, Layout);
        var summed = Op.SegmentSum(tape, rotated, edges.Inputs.RowPtr);
        return Op.Scale(tape, summed, 1.0 / AvgDegree);
    }
}
