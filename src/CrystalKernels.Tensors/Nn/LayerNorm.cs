using CrystalKernels.Tensors.Autograd;
using CrystalKernels.Tensors.Ops;

namespace CrystalKernels.Tensors.Nn;

/// <summary>LayerNorm over the last axis of size C: parameters "{name}.weight" (ones) and "{name}.bias" (zeros), [C].</summary>
public sealed class LayerNorm
{
    public LayerNorm(string name, int channels, double eps = 1e-5, DType dtype = DType.Float32, Device? device = null)
    {
        Weight = Parameter.Create(name + ".weight", new Shape(channels), dtype, device);
        Weight.Fill(1.0);
        Bias = Parameter.Create(name + ".bias", new Shape(channels), dtype, device);
        Eps = eps;
    }

    public Tensor Weight { get; }

    public Tensor Bias { get; }

    public double Eps { get; }

    public IEnumerable<Tensor> Parameters => [Weight, Bias];

    public Tensor Forward(Tape? tape, Tensor x) => Op.LayerNorm(tape, x, Weight, Bias, Eps);
}
