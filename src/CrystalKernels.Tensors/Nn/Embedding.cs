using CrystalKernels.Tensors.Autograd;
using CrystalKernels.Tensors.Ops;
using CrystalKernels.Tensors.Random;

namespace CrystalKernels.Tensors.Nn;

/// <summary>
/// A lookup table of V vectors of size D: parameter "{name}.weight" [V, D], initialised N(0, 1) from the given
/// stream as torch.nn.Embedding does.
/// </summary>
public sealed class Embedding
{
    public Embedding(string name, int vocabulary, int dim, RngStream init, DType dtype = DType.Float32, Device? device = null)
    {
        var values = Tensor.Empty(new Shape(vocabulary, dim), DType.Float64);
        init.FillNormal(values.Span<double>());
        Weight = Parameter.Create(name + ".weight", values.Shape, dtype, device);
        Weight.CopyFrom(values);
    }

    /// <summary>[V, D].</summary>
    public Tensor Weight { get; }

    public IEnumerable<Tensor> Parameters => [Weight];

    /// <summary>ids Int32[N] -> [N, D].</summary>
    public Tensor Forward(Tape? tape, Tensor ids) => Op.Embedding(tape, Weight, ids);
}
