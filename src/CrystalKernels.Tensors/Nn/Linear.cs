using CrystalKernels.Tensors.Autograd;
using CrystalKernels.Tensors.Random;

namespace CrystalKernels.Tensors.Nn;

/// <summary>
/// A fully connected layer y[..., out] = x[..., in] · Wᵀ + b with W [out, in] (PyTorch layout, so state dicts load
/// as they are) and an optional bias [out]. Parameter names are "{name}.weight" and "{name}.bias".
/// </summary>
public sealed class Linear
{
    /// <summary>
    /// Draws W ~ N(0, 1/in) from <paramref name="init"/> (FORK's <c>_init_weights</c> for every nn.Linear,
    /// paper-spec §3.18; draw i is element i of W in row-major order) and sets the bias to 0.
    /// </summary>
    public Linear(string name, int inFeatures, int outFeatures, RngStream init, bool bias = true, DType dtype = DType.Float32, Device? device = null)
    {
        if (inFeatures <= 0 || outFeatures <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(inFeatures), $"Linear {name}: features must be positive, got in {inFeatures}, out {outFeatures}");
        }

        Name = name;
        InFeatures = inFeatures;
        OutFeatures = outFeatures;
        var w = new double[(long)outFeatures * inFeatures];
        init.FillNormal(w);
        var std = 1.0 / Math.Sqrt(inFeatures);
        for (var i = 0; i < w.Length; i++)
        {
            w[i] *= std;
        }

        Weight = Parameter.Create($"{name}.weight", new Shape(outFeatures, inFeatures), dtype, device);
        Weight.CopyFrom(Tensor.FromArray(w, outFeatures, inFeatures));
        Bias = bias ? Parameter.Create($"{name}.bias", new Shape(outFeatures), dtype, device) : null;
        NamedParameters = Bias is null ? [(Weight.Name!, Weight)] : [(Weight.Name!, Weight), (Bias.Name!, Bias)];
    }

    public string Name { get; }

    public int InFeatures { get; }

    public int OutFeatures { get; }

    /// <summary>[out, in].</summary>
    public Tensor Weight { get; }

    /// <summary>[out], or null for a layer without bias.</summary>
    public Tensor? Bias { get; }

    /// <summary>Every trainable tensor with its state-dict name, weight first.</summary>
    public IReadOnlyList<(string Name, Tensor Value)> NamedParameters { get; }

    /// <summary>The same tensors; each carries its state-dict name in <see cref="Tensor.Name"/>.</summary>
    public IEnumerable<Tensor> Parameters => NamedParameters.Select(p => p.Value);

    public Tensor Forward(Tape? tape, Tensor x) => Ops.Op.Linear(tape, x, Weight, Bias);
}
