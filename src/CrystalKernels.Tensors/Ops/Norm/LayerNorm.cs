using CrystalKernels.Tensors.Autograd;

namespace CrystalKernels.Tensors.Ops;

/// <summary>
/// y = (x - mean) * rstd * weight + bias over the last axis of x[..., C], rstd = 1 / sqrt(var + eps) with the biased
/// variance (as torch.nn.LayerNorm). Forward saves mean and rstd per row for backward (llm.c layernorm_forward).
/// Backward: with norm = (x - mean) * rstd and g = dy * weight,
/// dx += rstd * (g - mean(g) - norm * mean(g * norm)); dweight += sum_rows dy * norm; dbias += sum_rows dy.
/// </summary>
public static partial class Op
{
    public static Tensor LayerNorm(Tape? tape, Tensor x, Tensor weight, Tensor bias, double eps = 1e-5)
    {
        CheckNormInputs(nameof(LayerNorm), x, weight, eps);
        ShapeMismatchException.SameKind(nameof(LayerNorm), x, weight, bias);
        ShapeMismatchException.SameShape(nameof(LayerNorm), weight, bias);
        var k = x.Device.Backend.Norm;
        var rows = (int)x.Shape.Rows;
        var y = x.EmptyLike(tape);
        var mean = Tensor.Empty(new Shape(rows), x.DType, x.Device, tape);
        var rstd = Tensor.Empty(new Shape(rows), x.DType, x.Device, tape);
        k.LayerNorm(x, weight, bias, eps, y, mean, rstd);
        if (tape is not null && tape.ShouldRecord(x, weight, bias))
        {
            tape.Record(nameof(LayerNorm), y, [x, weight, bias], () => k.LayerNormBackward(y.Grad!, x, weight, mean, rstd,
                x.RequiresGrad ? tape.GradOf(x) : null,
                weight.RequiresGrad ? tape.GradOf(weight) : null,
                bias.RequiresGrad ? tape.GradOf(bias) : null));
        }

        return y;
    }

    /// <summary>x[..., C] of float dtype with C >= 1, weight [C], eps >= 0.</summary>
    internal static void CheckNormInputs(string op, Tensor x, Tensor weight, double eps)
    {
        ShapeMismatchException.SameKind(op, x, weight);
        ShapeMismatchException.Require(x.DType != DType.Int32, op, $"needs float32 or float64, got {x.Describe()}");
        ShapeMismatchException.Require(x.Rank >= 1 && x.Shape.Cols >= 1, op, $"needs x [..., C] with C >= 1, got {x.Describe()}");
        ShapeMismatchException.Require(weight.Rank == 1 && weight.Numel == x.Shape.Cols, op,
            $"weight must be [{x.Shape.Cols}] for x {x.Shape}, got {weight.Shape}");
        ShapeMismatchException.Require(eps >= 0 && double.IsFinite(eps), op, $"eps must be finite and >= 0, got {eps}");
    }
}
