using System.Numerics;
using CrystalKernels.Tensors;
using CrystalKernels.Tensors.Autograd;
using CrystalKernels.Tensors.Backends.Cpu;

namespace CrystalKernels.Equivariant.Ops;

public static partial class EqOp
{
    /// <summary>
    /// Attention-weighted values (paper-spec §3.10, FORK <c>x_message.view(E, K, h, v) * alpha.view(E, 1, h, 1)</c>):
    /// y[e, k, h·v + c] = values[e, k, h·v + c] · α[e, h], values [E, K, h·v], α [E, h]. No index tensor, no
    /// broadcast reduction. Backward: dvalues += dy · α; dα[e, h] += Σ_{k, c} dy · values (per edge, fixed order).
    /// </summary>
    public static Tensor HeadWeights(Tape? tape, Tensor values, Tensor alpha)
    {
        const string op = nameof(HeadWeights);
        ShapeMismatchException.Require(values.Rank == 3 && alpha.Rank == 2 && alpha.Shape[0] == values.Shape[0]
            && alpha.Shape[1] > 0 && values.Shape[2] % alpha.Shape[1] == 0 && values.DType == alpha.DType
            && values.DType is DType.Float32 or DType.Float64, op,
            $"needs values [E, K, h·v] and alpha [E, h] of one float dtype, got {values.Describe()} and {alpha.Describe()}");
        var y = values.EmptyLike(tape);
        if (y.DType == DType.Float32)
        {
            HeadWeightsForward<float>(values, alpha, y);
        }
        else
        {
            HeadWeightsForward<double>(values, alpha, y);
        }

        if (tape is not null && tape.ShouldRecord(values, alpha))
        {
            tape.Record(op, y, [values, alpha], () =>
            {
                var dv = values.RequiresGrad ? tape.GradOf(values) : null;
                var da = alpha.RequiresGrad ? tape.GradOf(alpha) : null;
                if (y.DType == DType.Float32)
                {
                    HeadWeightsBackward<float>(values, alpha, y.Grad!, dv, da);
                }
                else
                {
                    HeadWeightsBackward<double>(values, alpha, y.Grad!, dv, da);
                }
            });
        }

        return y;
    }

    private static void HeadWeightsForward<T>(Tensor tv, Tensor ta, Tensor ty)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var (e, k, width, heads) = (tv.Shape[0], tv.Shape[1], tv.Shape[2], ta.Shape[1]);
        var v = width / heads;
        CpuParallel.For(e, Math.Max(1, 16384 / (k * width)), (e0, e1) =>
        {
            var x = tv.Span<T>();
            var a = ta.Span<T>();
            var y = ty.Span<T>();
            for (var i = (int)e0; i < e1; i++)
            {
                for (var j = 0; j < k; j++)
                {
                    var row = ((i * k) + j) * width;
                    for (var h = 0; h < heads; h++)
                    {
                        var o = row + (h * v);
                        System.Numerics.Tensors.TensorPrimitives.Multiply<T>(x.Slice(o, v), a[(i * heads) + h], y.Slice(o, v));
                    }
                }
            }
        });
    }

    private static void HeadWeightsBackward<T>(Tensor tv, Tensor ta, Tensor tdy, Tensor? tdv, Tensor? tda)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var (e, k, width, heads) = (tv.Shape[0], tv.Shape[1], tv.Shape[2], ta.Shape[1]);
        var v = width / heads;
        CpuParallel.For(e, Math.Max(1, 16384 / (k * width)), (e0, e1) =>
        {
            var x = tv.Span<T>();
            var a = ta.Span<T>();
            var dy = tdy.Span<T>();
            var dv = tdv is null ? default : tdv.Span<T>();
            var da = tda is null ? default : tda.Span<T>();
            for (var i = (int)e0; i < e1; i++)
            {
                for (var h = 0; h < heads; h++)
                {
                    var w = a[(i * heads) + h];
                    var acc = T.Zero;
                    for (var j = 0; j < k; j++)
                    {
                        var o = (((i * k) + j) * width) + (h * v);
                        if (tdv is not null)
                        {
                            System.Numerics.Tensors.TensorPrimitives.MultiplyAdd<T>(dy.Slice(o, v), w, dv.Slice(o, v), dv.Slice(o, v));
                        }

                        if (tda is not null)
                        {
                            acc += System.Numerics.Tensors.TensorPrimitives.Dot<T>(dy.Slice(o, v), x.Slice(o, v));
                        }
                    }

                    if (tda is not null)
                    {
                        da[(i * heads) + h] += acc;
                    }
                }
            }
        });
    }
}
