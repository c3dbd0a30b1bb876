using CrystalKernels.Equivariant.Ops;
using CrystalKernels.Tensors;
using CrystalKernels.Tensors.Autograd;
using CrystalKernels.Tensors.Nn;

namespace CrystalKernels.Equivariant.Nn;

/// <summary>
/// The 'rms_norm_sh' equivariant norm (paper-spec §3.14) used as norm_1, norm_2 and the final norm:
/// "{name}.affine_weight" [L+1, C] (init 1) and "{name}.affine_bias" [C] (init 0). The reference always runs it in
/// float32; here it runs in the model dtype.
/// </summary>
public sealed class EquivariantRmsNorm
{
    public EquivariantRmsNorm(string name, int lmax, int channels, double eps = 1e-5, DType dtype = DType.Float32, Device? device = null)
    {
        if (lmax < 0 || channels <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(channels), $"EquivariantRmsNorm {name}: need lmax >= 0 and channels > 0, got {lmax}, {channels}");
        }

        (Name, LMax, Channels, Eps) = (name, lmax, channels, eps);
        Weight = Parameter.Create($"{name}.affine_weight", new Shape(lmax + 1, channels), dtype, device);
        Weight.Fill(1.0);
        Bias = Parameter.Create($"{name}.affine_bias", new Shape(channels), dtype, device);
    }

    public string Name { get; }

    public int LMax { get; }

    public int Channels { get; }

    public double Eps { get; }

    /// <summary>γ [L+1, C].</summary>
    public Tensor Weight { get; }

    /// <summary>β [C], added to coefficient 0.</summary>
    public Tensor Bias { get; }

    public IEnumerable<Tensor> Parameters => [Weight, Bias];

    /// <summary>x [N, (L+1)², C] → same shape.</summary>
    public Tensor Forward(Tape? tape, Tensor x) => EqOp.EquivariantRmsNorm(tape, x, Weight, Bias, Eps);
}
