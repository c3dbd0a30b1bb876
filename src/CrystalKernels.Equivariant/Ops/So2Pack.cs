using System.Numerics;
using TensorPrimitives = System.Numerics.Tensors.TensorPrimitives;
using CrystalKernels.Equivariant.Layout;
using CrystalKernels.Tensors;
using CrystalKernels.Tensors.Autograd;
using CrystalKernels.Tensors.Backends.Cpu;

namespace CrystalKernels.Equivariant.Ops;

/// <summary>
/// The GEMM-ready input of one order m of an SO(2) convolution (paper-spec §3.9), gathered straight from the reduced
/// l-major message x [E, Kr, C] (an index gather instead of the reference's 29×29 permutation einsum) and scaled by
/// the radial weights. With n = L + 1 − m degrees and the radial slice r_m = rad[:, off_m : off_m + n·C]:
/// m = 0: u[e, i·C + c] = x[e, (l = i, m = 0), c] · r_0[e, i·C + c], shape [E, n·C];
/// m &gt; 0: u[e, s, i·C + c] = x[e, (l = m + i, ±m), c] · r_m[e, i·C + c] with s = 0 for +m and 1 for −m, shape
/// [E, 2, n·C], so one Linear over its 2E rows serves both signs. A null rad means weight 1.
/// Backward: dx[e, (l, ±m), c] += du · r; drad[e, off_m + i·C + c] += Σ_s du · x.
/// </summary>
public static partial class EqOp
{
    public static Tensor So2Pack(Tape? tape, Tensor x, Tensor? rad, SphericalLayout layout, int m)
    {
        const string name = nameof(So2Pack);
        var plan = So2PackPlan.Of(name, x, rad, layout, m);
        var y = Tensor.Empty(m == 0 ? new Shape(plan.Edges, plan.Width) : new Shape(plan.Edges, 2, plan.Width), x.DType, x.Device, tape);
        if (x.DType == DType.Float64)
        {
            PackForward<double>(plan, x, rad, y);
        }
        else
        {
            PackForward<float>(plan, x, rad, y);
        }

        var inputs = rad is null ? new[] { x } : [x, rad];
        if (tape is not null && tape.ShouldRecord(inputs))
        {
            tape.Record(name, y, inputs, () =>
            {
                var dx = x.RequiresGrad ? tape.GradOf(x) : null;
                var drad = rad is not null && rad.RequiresGrad ? tape.GradOf(rad) : null;
                if (x.DType == DType.Float64)
                {
                    PackBackward<double>(plan, x, rad, y.Grad!, dx, drad);
                }
                else
                {
                    PackBackward<float>(plan, x, rad, y.Grad!, dx, drad);
                }
            });
        }

        return y;
    }

    private static void PackForward<T>(So2PackPlan p, Tensor tx, Tensor? trad, Tensor ty)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var (c, n, w) = (p.Channels, p.Degrees, p.Width);
        CpuParallel.For(p.Edges, Math.Max(1, 16384 / (p.Signs * w)), (e0, e1) =>
        {
            var x = tx.Span<T>();
            var rad = trad is null ? default : trad.Span<T>();
            var y = ty.Span<T>();
            for (var e = (int)e0; e < (int)e1; e++)
            {
                for (var s = 0; s < p.Signs; s++)
                {
                    var dst = y.Slice(((e * p.Signs) + s) * w, w);
                    for (var i = 0; i < n; i++)
                    {
                        var src = x.Slice(((e * p.Kr) + p.Rows[(s * n) + i]) * c, c);
                        var d = dst.Slice(i * c, c);
                        if (trad is null)
                        {
                            src.CopyTo(d);
                        }
                        else
                        {
                            TensorPrimitives.Multiply<T>(src, rad.Slice((e * p.RadWidth) + p.RadOffset + (i * c), c), d);
                        }
                    }
                }
            }
        });
    }

    private static void PackBackward<T>(So2PackPlan p, Tensor tx, Tensor? trad, Tensor tdy, Tensor? tdx, Tensor? tdrad)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var (c, n, w) = (p.Channels, p.Degrees, p.Width);
        CpuParallel.For(p.Edges, Math.Max(1, 16384 / (p.Signs * w)), (e0, e1) =>
        {
            var x = tx.Span<T>();
            var rad = trad is null ? default : trad.Span<T>();
            var dy = tdy.Span<T>();
            var dx = tdx is null ? default : tdx.Span<T>();
            var drad = tdrad is null ? default : tdrad.Span<T>();
            for (var e = (int)e0; e < (int)e1; e++)
            {
                for (var s = 0; s < p.Signs; s++)
                {
                    var g = dy.Slice(((e * p.Signs) + s) * w, w);
                    for (var i = 0; i < n; i++)
                    {
                        var xo = ((e * p.Kr) + p.Rows[(s * n) + i]) * c;
                        var gi = g.Slice(i * c, c);
                        var ro = (e * p.RadWidth) + p.RadOffset + (i * c);
                        if (tdx is not null)
                        {
                            var d = dx.Slice(xo, c);
                            if (trad is null)
                            {
                                TensorPrimitives.Add<T>(d, gi, d);
                            }
                            else
                            {
                                TensorPrimitives.MultiplyAdd<T>(gi, rad.Slice(ro, c), d, d);
                            }
                        }

                        if (tdrad is not null)
                        {
                            var d = drad.Slice(ro, c);
                            TensorPrimitives.MultiplyAdd<T>(gi, x.Slice(xo, c), d, d);
                        }
                    }
                }
            }
        });
    }

    /// <summary>Sizes and the reduced rows one order m reads, validated once.</summary>
    private sealed record So2PackPlan(int Edges, int Kr, int Channels, int Degrees, int Signs, int[] Rows, int RadWidth, int RadOffset)
    {
        /// <summary>n·C values per (edge, sign) row.</summary>
        public int Width => Degrees * Channels;

        public static So2PackPlan Of(string op, Tensor x, Tensor? rad, SphericalLayout layout, int m)
        {
            ShapeMismatchException.Require(x.DType is DType.Float32 or DType.Float64, op, $"x must be float32 or float64, got {x.Describe()}");
            ShapeMismatchException.Require(x.Rank == 3 && x.Shape[1] == layout.KReduced, op,
                $"x must be [E, {layout.KReduced}, C] (reduced {layout}), got {x.Describe()}");
            ShapeMismatchException.Require(m >= 0 && m <= layout.MMax, op, $"order m = {m} is outside 0..{layout.MMax} for {layout}");
            var (e, c) = (x.Shape[0], x.Shape[2]);
            var sizes = layout.MSize();
            var radWidth = sizes.Sum() * c;
            if (rad is not null)
            {
                ShapeMismatchException.SameKind(op, x, rad);
                ShapeMismatchException.Require(rad.Rank == 2 && rad.Shape[0] == e && rad.Shape[1] == radWidth, op,
                    $"rad must be [E, Σ_m n_m·C] = [{e}, {radWidth}] for x {x.Shape}, got {rad.Describe()}");
            }

            var map = layout.MMajorToReduced();
            var start = m == 0 ? 0 : sizes[0] + (2 * sizes[1..m].Sum());
            var signs = m == 0 ? 1 : 2;
            var rows = map[start..(start + (signs * sizes[m]))];
            return new So2PackPlan(e, layout.KReduced, c, sizes[m], signs, rows, radWidth, sizes[..m].Sum() * c);
        }
    }
}
