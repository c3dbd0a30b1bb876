using CrystalKernels.Tensors;
using CrystalKernels.Tensors.Autograd;
using CrystalKernels.Tensors.Nn;
using CrystalKernels.Tensors.Ops;
using CrystalKernels.Tensors.Random;

namespace CrystalKernels.Equivariant.Nn;

/// <summary>
/// The radial MLP (paper-spec §3.7, FORK <c>radial_function.py</c>) for channels [c0, c1, …, cK]:
/// Linear(c0→c1) → LayerNorm(c1) → SiLU → … → Linear(c_{K−1}→c_K), no norm or activation after the last Linear.
/// Parameter names follow the reference's nn.Sequential indices: {name}.net.{3j} for the j-th Linear and
/// {name}.net.{3j+1} for the LayerNorm after it (SiLU at 3j+2 has no parameters), e.g. net.0/.1/.3/.4/.6 for
/// [856, 128, 128, out]. Init (§3.18, <c>_uniform_init_rad_func_linear_weights</c>): Linear weights
/// U(−1/√in, 1/√in), biases 0; LayerNorm weight 1, bias 0, eps 1e-5.
/// </summary>
public sealed class RadialFunction
{
    private readonly Linear[] linears;
    private readonly LayerNorm[] norms;

    public RadialFunction(string name, int[] channels, RngStream init, DType dtype = DType.Float32)
    {
        if (channels.Length < 2 || channels.Any(c => c <= 0))
        {
            throw new ArgumentException($"RadialFunction {name}: needs at least two positive channel counts, got [{string.Join(", ", channels)}]", nameof(channels));
        }

        Name = name;
        Channels = (int[])channels.Clone();
        var layers = channels.Length - 1;
        linears = new Linear[layers];
        norms = new LayerNorm[layers - 1];
        for (var j = 0; j < layers; j++)
        {
            var (inF, outF) = (channels[j], channels[j + 1]);
            linears[j] = new Linear($"{name}.net.{3 * j}", inF, outF, init.Sub((ulong)(2 * j)), bias: true, dtype);
            linears[j].Weight.CopyFrom(UniformWeight(init.Sub((ulong)((2 * j) + 1)), inF, outF));
            if (j < layers - 1)
            {
                norms[j] = new LayerNorm($"{name}.net.{(3 * j) + 1}", outF, 1e-5, dtype);
            }
        }
    }

    public string Name { get; }

    /// <summary>[c0, …, cK].</summary>
    public IReadOnlyList<int> Channels { get; }

    public int InFeatures => Channels[0];

    public int OutFeatures => Channels[^1];

    /// <summary>Every trainable tensor in the reference's state-dict order (net.0.weight, net.0.bias, net.1.weight, …).</summary>
    public IEnumerable<Tensor> Parameters
    {
        get
        {
            for (var j = 0; j < linears.Length; j++)
            {
                foreach (var p in linears[j].Parameters)
                {
                    yield return p;
                }

                if (j < norms.Length)
                {
                    foreach (var p in norms[j].Parameters)
                    {
                        yield return p;
                    }
                }
            }
        }
    }

    /// <summary>x [E, c0] -> [E, cK].</summary>
    public Tensor Forward(Tape? tape, Tensor x)
    {
        if (x.Rank < 1 || x.Shape.Cols != InFeatures)
        {
            throw new ShapeMismatchException(Name, $"input must end in {InFeatures} features, got {x.Describe()}");
        }

        var h = x;
        for (var j = 0; j < linears.Length; j++)
        {
            h = linears[j].Forward(tape, h);
            if (j < norms.Length)
            {
                h = Op.Silu(tape, norms[j].Forward(tape, h));
            }
        }

        return h;
    }

    /// <summary>W [out, in] ~ U(−1/√in, 1/√in), draw i = element i in row-major order.</summary>
    private static Tensor UniformWeight(RngStream rng, int inF, int outF)
    {
        var bound = 1.0 / Math.Sqrt(inF);
        var w = new double[(long)outF * inF];
        for (var i = 0; i < w.Length; i++)
        {
            w[i] = bound * ((2.0 * rng.UniformDouble((ulong)i)) - 1.0);
        }

        return Tensor.FromArray(w, outF, inF);
    }
}
