using CrystalKernels.Equivariant.Grids;
using CrystalKernels.Equivariant.Nn;
using CrystalKernels.Models.Config;
using CrystalKernels.Tensors;
using CrystalKernels.Tensors.Autograd;
using CrystalKernels.Tensors.Ops;
using CrystalKernels.Tensors.Random;

namespace CrystalKernels.Models.EquiformerV2;

/// <summary>
/// TransBlockV2 (paper-spec 3.16), pre-norm: x += DropPath(ga(norm_1(x))); x += DropPath(ffn(norm_2(x))).
/// DropPath is per crystal, independent for the two branches.
/// </summary>
public sealed class TransBlockV2
{
    public TransBlockV2(string name, int index, EquiformerV2Config config, S2Grid attentionGrid, S2Grid ffnGrid, RngStream init, DType dtype)
    {
        Name = name;
        Index = index;
        DropPathRate = config.DropPathRate;
        Norm1 = new EquivariantRmsNorm($"{name}.norm_1", config.LMax, config.SphereChannels, 1e-5, dtype);
        Attention = new So2EquivariantGraphAttention($"{name}.ga", config, config.SphereChannels, config.AlphaDrop, attentionGrid, init.Sub(0), dtype);
        Norm2 = new EquivariantRmsNorm($"{name}.norm_2", config.LMax, config.SphereChannels, 1e-5, dtype);
        Ffn = new FeedForwardNetwork($"{name}.ffn", config.LMax, config.SphereChannels, config.FfnHiddenChannels, config.SphereChannels, ffnGrid, init.Sub(1), dtype);
    }

    public string Name { get; }

    public int Index { get; }

    public double DropPathRate { get; }

    public EquivariantRmsNorm Norm1 { get; }

    public So2EquivariantGraphAttention Attention { get; }

    public EquivariantRmsNorm Norm2 { get; }

    public FeedForwardNetwork Ffn { get; }

    public IEnumerable<Tensor> Parameters => Norm1.Parameters.Concat(Attention.Parameters).Concat(Norm2.Parameters).Concat(Ffn.Parameters);

    public Tensor Forward(Tape? tape, Tensor x, EdgeContext edges)
    {
        var o = edges.Options;
        var trace = $"block{Index}";
        var site = (ulong)Index * 4;
        var y = Norm1.Forward(tape, x);
        o.Record($"{trace}.norm_1", y);
        y = Attention.Forward(tape, y, edges, site, trace);
        o.Record($"{trace}.attention", y);
        x = Op.Add(tape, GraphDropPath.Apply(tape, y, DropPathRate, o.Dropout.Sub(site + 1), edges.Inputs, o.Training), x);
        y = Norm2.Forward(tape, x);
        o.Record($"{trace}.norm_2", y);
        y = Ffn.Forward(tape, y);
        o.Record($"{trace}.ffn", y);
        x = Op.Add(tape, GraphDropPath.Apply(tape, y, DropPathRate, o.Dropout.Sub(site + 2), edges.Inputs, o.Training), x);
        o.Record($"{trace}.out", x);
        return x;
    }
}
