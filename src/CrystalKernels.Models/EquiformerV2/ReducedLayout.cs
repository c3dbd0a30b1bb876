using CrystalKernels.Equivariant.Layout;
using CrystalKernels.Tensors;
using CrystalKernels.Tensors.Autograd;
using CrystalKernels.Tensors.Ops;

namespace CrystalKernels.Models.EquiformerV2;

/// <summary>Coefficient-axis helpers for [rows, coefficients, channels] features.</summary>
public static class ReducedLayout
{
    /// <summary>
    /// m = 0 coefficients [R, L+1, C] (degree l at row l) placed into the reduced l-major layout [R, Kr, C] with every
    /// m ≠ 0 entry zero: per degree, min(l, M) zeros, the m = 0 value, min(l, M) zeros.
    /// </summary>
    public static Tensor FromM0(Tape? tape, Tensor m0, SphericalLayout layout)
    {
        var (r, c) = (m0.Shape[0], m0.Shape[2]);
        var parts = new List<Tensor>();
        for (var l = 0; l <= layout.LMax; l++)
        {
            var pad = Math.Min(l, layout.MMax);
            if (pad > 0)
            {
                parts.Add(Tensor.Zeros(new Shape(r, pad, c), m0.DType, m0.Device, tape));
            }

            parts.Add(Op.Slice(tape, m0, 1, l, 1));
            if (pad > 0)
            {
                parts.Add(Tensor.Zeros(new Shape(r, pad, c), m0.DType, m0.Device, tape));
            }
        }

        return Op.Concat(tape, 1, [.. parts]);
    }

    /// <summary>x[:, 0, :] as [R, C].</summary>
    public static Tensor Scalars(Tape? tape, Tensor x) => Op.Reshape(tape, Op.Slice(tape, x, 1, 0, 1), x.Shape[0], x.Shape[2]);

    /// <summary>[R, C] in coefficient 0 of a zero [R, K, C].</summary>
    public static Tensor FromScalars(Tape? tape, Tensor s, int coefficients)
    {
        var (r, c) = (s.Shape[0], s.Shape[1]);
        return Op.Concat(tape, 1, Op.Reshape(tape, s, r, 1, c), Tensor.Zeros(new Shape(r, coefficients - 1, c), s.DType, s.Device, tape));
    }
}
