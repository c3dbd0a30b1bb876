using CrystalKernels.Tensors.Autograd;

namespace CrystalKernels.Tensors.Ops;

/// <summary>
/// y = x * rstd * weight over the last axis of x[..., C], rstd = 1 / sqrt(mean(x²) + eps) (no centring, no bias).
/// Forward saves rstd per row. Backward: with norm = x * rstd and g = dy * weight,
/// dx += rstd * (g - norm * mean(g * norm)); dweight += sum_rows dy * norm.
/// </summary>
public static partial class Op
{
    public static Tensor RmsNorm(Tape? tape, Tensor x, Tensor weight, double eps = 1e-6)
    {
        CheckNormInputs(nameof(RmsNorm), x, weight, eps);
        var k = x.Device.Backend.Norm;
        var y = x.EmptyLike(tape);
        var rstd = Tensor.Empty(new Shape((int)x.Shape.Rows), x.DType, x.Device, tape);
        k.RmsNorm(x, weight, eps, y, rstd);
        if (tape is not null && tape.ShouldRecord(x, weight))
        {
            tape.Record(nameof(RmsNorm), y, [x, weight], () => k.RmsNormBackward(y.Grad!, x, weight, rstd,
                x.RequiresGrad ? tape.GradOf(x) : null,
                weight.RequiresGrad ? tape.GradOf(weight) : null));
        }

        return y;
    }
}
