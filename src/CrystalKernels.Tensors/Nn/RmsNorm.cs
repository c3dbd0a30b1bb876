using CrystalKernels.Tensors.Autograd;
using CrystalKernels.Tensors.Ops;

namespace CrystalKernels.Tensors.Nn;

/// <summary>RmsNorm over the last axis of size C: parameter "{name}.weight" [C] (ones).</summary>
public sealed class RmsNorm
{
    public RmsNorm(string name, int channels, double eps = 1e-6, DType dtype = DType.Float32, Device? device = null)
    {
        Weight = Parameter.Create(name + ".weight", new Shape(channels), dtype, device);
        Weight.Fill(1.0);
        Eps = eps;
    }

    public Tensor Weight { get; }

    public double Eps { get; }

    public IEnumerable<Tensor> Parameters => [Weight];

    public Tensor Forward(Tape? tape, Tensor x) => Op.RmsNorm(tape, x, Weight, Eps);
}
