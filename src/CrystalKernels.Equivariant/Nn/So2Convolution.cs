using CrystalKernels.Equivariant.Layout;
using CrystalKernels.Equivariant.Ops;
using CrystalKernels.Tensors;
using CrystalKernels.Tensors.Autograd;
using CrystalKernels.Tensors.Nn;
using CrystalKernels.Tensors.Ops;
using CrystalKernels.Tensors.Random;

namespace CrystalKernels.Equivariant.Nn;

/// <summary>
/// The eSCN SO(2) convolution of an edge message in its edge frame (paper-spec §3.9, FORK <c>so2_ops.py</c>).
/// Input x [E, Kr, Cin] (reduced l-major), output [E, Kr, Cout] and, when <see cref="ExtraM0Outputs"/> &gt; 0, the
/// invariant side outputs [E, extra]. Per order m with n_m = L + 1 − m degrees:
/// m = 0: y_0 = W_0 (u_0 ⊙ r_0) + b_0, W_0 [n_0·Cout + extra, n_0·Cin] ({name}.fc_m0), the first extra outputs split off;
/// m &gt; 0: one Linear W_m = [W_r; W_i] [2·n_m·Cout, n_m·Cin] without bias ({name}.so2_m_conv.{m−1}.fc) over the 2E rows
/// (u_+ ⊙ r_m, u_− ⊙ r_m), then y_+ = W_r u_+ − W_i u_−, y_− = W_r u_− + W_i u_+ (one GEMM per order).
/// The radial weights r = {name}.rad_func(edge scalars) [E, Σ_m n_m·Cin] when radial channels are given, else 1.
/// Gathers in and scatters out are index maps (<see cref="EqOp.So2Pack"/>, <see cref="EqOp.So2Unpack"/>).
/// Init (§3.18): every Linear N(0, 1/in), biases 0 (the reference's constructor-time 1/√2 on W_m is erased by its
/// global re-init); the radial MLP uniform.
/// </summary>
public sealed class So2Convolution
{
    private readonly Linear[] fc;

    /// <param name="radialChannels">Radial MLP widths without the output, e.g. [856, 128, 128]; the output width
    /// Σ_m n_m·Cin is appended as the reference does. Null: no radial modulation.</param>
    public So2Convolution(string name, SphericalLayout layout, int cin, int cout, int extraM0Outputs, int[]? radialChannels, RngStream init, DType dtype = DType.Float32)
    {
        if (cin <= 0 || cout <= 0 || extraM0Outputs < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(cin), $"So2Convolution {name}: need cin, cout > 0 and extra >= 0, got {cin}, {cout}, {extraM0Outputs}");
        }

        Name = name;
        Layout = layout;
        InChannels = cin;
        OutChannels = cout;
        ExtraM0Outputs = extraM0Outputs;
        var sizes = layout.MSize();
        fc = new Linear[sizes.Length];
        fc[0] = new Linear($"{name}.fc_m0", sizes[0] * cin, (sizes[0] * cout) + extraM0Outputs, init.Sub(0), bias: true, dtype);
        for (var m = 1; m < sizes.Length; m++)
        {
            fc[m] = new Linear($"{name}.so2_m_conv.{m - 1}.fc", sizes[m] * cin, 2 * sizes[m] * cout, init.Sub((ulong)m), bias: false, dtype);
        }

        RadialWidth = sizes.Sum() * cin;
        if (radialChannels is not null)
        {
            RadFunc = new RadialFunction($"{name}.rad_func", [.. radialChannels, RadialWidth], init.Sub(1000), dtype);
        }
    }

    public string Name { get; }

    public SphericalLayout Layout { get; }

    public int InChannels { get; }

    public int OutChannels { get; }

    public int ExtraM0Outputs { get; }

    /// <summary>Σ_m n_m·Cin: the radial weights per edge, [m=0 | m=1 | …], each (l outer, channel inner).</summary>
    public int RadialWidth { get; }

    /// <summary>{name}.rad_func, or null without radial modulation.</summary>
    public RadialFunction? RadFunc { get; }

    /// <summary>fc_m0 (m = 0) and so2_m_conv.{m−1}.fc (m &gt; 0).</summary>
    public IReadOnlyList<Linear> OrderLinears => fc;

    /// <summary>Every trainable tensor in the reference's state-dict order (fc_m0, so2_m_conv.*, rad_func.*).</summary>
    public IEnumerable<Tensor> Parameters =>
        fc.SelectMany(l => l.Parameters).Concat(RadFunc?.Parameters ?? []);

    /// <summary>x [E, Kr, Cin], edge scalars [E, c0] (the radial MLP's input; null without radial) -> (Y [E, Kr, Cout], Extra [E, extra] or null).</summary>
    public (Tensor Y, Tensor? Extra) Forward(Tape? tape, Tensor x, Tensor? edgeScalars)
    {
        if ((RadFunc is null) != (edgeScalars is null))
        {
            throw new ArgumentException($"So2Convolution {Name}: edge scalars must be given exactly when the convolution has a radial function ({(RadFunc is null ? "it has none" : "it has one")})");
        }

        var rad = RadFunc?.Forward(tape, edgeScalars!);
        return ForwardWithRadial(tape, x, rad);
    }

    /// <summary>The same from precomputed radial weights rad [E, <see cref="RadialWidth"/>] (null: weight 1).</summary>
    public (Tensor Y, Tensor? Extra) ForwardWithRadial(Tape? tape, Tensor x, Tensor? rad)
    {
        if (x.Rank != 3 || x.Shape[1] != Layout.KReduced || x.Shape[2] != InChannels)
        {
            throw new ShapeMismatchException(Name, $"x must be [E, {Layout.KReduced}, {InChannels}], got {x.Describe()}");
        }

        var z = new Tensor[fc.Length];
        for (var m = 0; m < fc.Length; m++)
        {
            z[m] = fc[m].Forward(tape, EqOp.So2Pack(tape, x, rad, Layout, m));
        }

        var y = EqOp.So2Unpack(tape, Layout, ExtraM0Outputs, z);
        var extra = ExtraM0Outputs > 0 ? Op.Slice(tape, z[0], 1, 0, ExtraM0Outputs) : null;

        // The GEMM outputs were copied into y and extra; no backward reads them (Linear reads its input, So2Unpack
        // and Slice only their output gradients), so their memory is free for the rest of the step.
        tape?.Release(z);
        return (y, extra);
    }
}
