using CrystalKernels.Equivariant.Ops;
using CrystalKernels.Tensors;
using CrystalKernels.Tensors.Autograd;
using CrystalKernels.Tensors.Nn;
using CrystalKernels.Tensors.Random;

namespace CrystalKernels.Equivariant.Nn;

/// <summary>
/// SO3_LinearV2 (paper-spec §3.13): "{name}.weight" [L+1, Cout, Cin] shared by all orders m of a degree and
/// "{name}.bias" [Cout] on coefficient 0 only. Init (§3.18, weight_init 'normal'): W ~ N(0, 1/Cin) drawn in row-major
/// order from <paramref name="init"/>, bias 0.
/// </summary>
public sealed class So3LinearV2
{
    public So3LinearV2(string name, int lmax, int cin, int cout, RngStream init, DType dtype = DType.Float32, Device? device = null)
    {
        if (lmax < 0 || cin <= 0 || cout <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(cin), $"So3LinearV2 {name}: need lmax >= 0 and positive channels, got lmax {lmax}, in {cin}, out {cout}");
        }

        (Name, LMax, InChannels, OutChannels) = (name, lmax, cin, cout);
        var w = new double[(long)(lmax + 1) * cout * cin];
        init.FillNormal(w);
        var std = 1.0 / Math.Sqrt(cin);
        for (var i = 0; i < w.Length; i++)
        {
            w[i] *= std;
        }

        Weight = Parameter.Create($"{name}.weight", new Shape(lmax + 1, cout, cin), dtype, device);
        Weight.CopyFrom(Tensor.FromArray(w, lmax + 1, cout, cin));
        Bias = Parameter.Create($"{name}.bias", new Shape(cout), dtype, device);
    }

    public string Name { get; }

    public int LMax { get; }

    public int InChannels { get; }

    public int OutChannels { get; }

    /// <summary>[L+1, Cout, Cin].</summary>
    public Tensor Weight { get; }

    /// <summary>[Cout], added to coefficient 0.</summary>
    public Tensor Bias { get; }

    public IEnumerable<Tensor> Parameters => [Weight, Bias];

    /// <summary>x [N, (L+1)², Cin] → [N, (L+1)², Cout].</summary>
    public Tensor Forward(Tape? tape, Tensor x) => EqOp.So3Linear(tape, x, Weight, Bias);
}
