using CrystalKernels.Equivariant.Grids;
using CrystalKernels.Tensors;
using CrystalKernels.Tensors.Autograd;
using CrystalKernels.Tensors.Nn;
using CrystalKernels.Tensors.Ops;
using CrystalKernels.Tensors.Random;

namespace CrystalKernels.Equivariant.Nn;

/// <summary>
/// FeedForwardNetwork with the paper defaults use_grid_mlp = False, use_sep_s2_act = True (paper-spec §3.15):
/// g = gating_linear(y[:, 0, :]) (C → F), h = so3_linear_1(y) (C → F), h = SeparableS2Activation(grid)(g, h),
/// out = so3_linear_2(h) (F → Cout). Parameters "{name}.gating_linear.*", "{name}.so3_linear_1.*",
/// "{name}.so3_linear_2.*"; the three draw their init from sub-streams 0, 1, 2 of <paramref name="init"/>.
/// </summary>
public sealed class FeedForwardNetwork
{
    public FeedForwardNetwork(string name, int lmax, int c, int hidden, int cout, S2Grid grid, RngStream init,
        DType dtype = DType.Float32, Device? device = null)
    {
        if (grid.Layout.KReduced != (lmax + 1) * (lmax + 1))
        {
            throw new ArgumentException($"FeedForwardNetwork {name}: the grid must keep every coefficient of lmax {lmax} " +
                $"({(lmax + 1) * (lmax + 1)}), got {grid.Layout} with {grid.Layout.KReduced}", nameof(grid));
        }

        Name = name;
        GatingLinear = new Linear($"{name}.gating_linear", c, hidden, init.Sub(0), bias: true, dtype, device);
        So3Linear1 = new So3LinearV2($"{name}.so3_linear_1", lmax, c, hidden, init.Sub(1), dtype, device);
        Activation = new SeparableS2Activation(grid);
        So3Linear2 = new So3LinearV2($"{name}.so3_linear_2", lmax, hidden, cout, init.Sub(2), dtype, device);
    }

    public string Name { get; }

    public Linear GatingLinear { get; }

    public So3LinearV2 So3Linear1 { get; }

    public SeparableS2Activation Activation { get; }

    public So3LinearV2 So3Linear2 { get; }

    /// <summary>In the reference's state-dict order: so3_linear_1, gating_linear, so3_linear_2.</summary>
    public IEnumerable<Tensor> Parameters => So3Linear1.Parameters.Concat(GatingLinear.Parameters).Concat(So3Linear2.Parameters);

    /// <summary>y [N, (L+1)², C] → [N, (L+1)², Cout].</summary>
    public Tensor Forward(Tape? tape, Tensor y)
    {
        var (n, c) = (y.Shape[0], y.Shape[2]);
        var scalars = Op.Reshape(tape, Op.Slice(tape, y, 1, 0, 1), n, c);
        var gate = GatingLinear.Forward(tape, scalars);
        var h = So3Linear1.Forward(tape, y);
        h = Activation.Forward(tape, gate, h);
        return So3Linear2.Forward(tape, h);
    }
}
