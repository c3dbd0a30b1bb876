using CrystalKernels.Models.Inputs;
using CrystalKernels.Tensors;
using CrystalKernels.Tensors.Autograd;
using CrystalKernels.Tensors.Ops;
using CrystalKernels.Tensors.Random;

namespace CrystalKernels.Models.EquiformerV2;

/// <summary>
/// GraphDropPath (paper-spec 3.16): in training, one Bernoulli(keep = 1 − p) draw per crystal; a kept crystal's
/// branch output is scaled by 1/(1 − p), a dropped one is zero. Identity in eval or at p = 0.
/// </summary>
public static class GraphDropPath
{
    /// <summary>x [N, ...]; draw b of <paramref name="rng"/> decides crystal b.</summary>
    public static Tensor Apply(Tape? tape, Tensor x, double p, RngStream rng, ModelInputs inputs, bool training)
    {
        if (!training || p == 0)
        {
            return x;
        }

        var keep = 1.0 - p;
        var crystal = new double[inputs.CrystalCount];
        for (var b = 0; b < crystal.Length; b++)
        {
            crystal[b] = rng.UniformDouble((ulong)b) < keep ? 1.0 / keep : 0.0;
        }

        var n = inputs.AtomCount;
        var batch = inputs.Graph.Batch;
        var mask = new double[n];
        for (var i = 0; i < n; i++)
        {
            mask[i] = crystal[batch[i]];
        }

        var m = Tensor.FromArray(mask, n, 1).To(x.DType);
        var flat = Op.Reshape(tape, x, n, (int)(x.Numel / Math.Max(1, n)));
        return Op.Reshape(tape, Op.Mul(tape, flat, m), x.Shape.ToArray());
    }
}
