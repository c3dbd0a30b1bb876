using System.Numerics;
using TensorPrimitives = System.Numerics.Tensors.TensorPrimitives;
using CrystalKernels.Equivariant.Layout;
using CrystalKernels.Tensors;
using CrystalKernels.Tensors.Autograd;
using CrystalKernels.Tensors.Backends.Cpu;

namespace CrystalKernels.Equivariant.Ops;

/// <summary>
/// Assembles the SO(2) convolution output (paper-spec §3.9) in reduced l-major order [E, Kr, C] from the per-order
/// GEMM results, scattering by index instead of the reference's concat + 29×29 permutation einsum:
/// z_0 [E, skip + n_0·C]: y[e, (l, 0), c] = z_0[e, skip + l·C + c] (the first <c>skip</c> columns are the extra
/// invariant outputs, taken elsewhere);
/// z_m [E, 2, 2·n_m·C] for m = 1..M, the Linear W_m = [W_r; W_i] applied to the rows (u_+, u_−): with i = l − m,
/// y[e, (l, +m), c] = z_m[e, 0, i·C + c] − z_m[e, 1, n·C + i·C + c]   (W_r u_+ − W_i u_−),
/// y[e, (l, −m), c] = z_m[e, 1, i·C + c] + z_m[e, 0, n·C + i·C + c]   (W_r u_− + W_i u_+).
/// Backward is the transpose: each z element receives ±dy of the one y element it feeds.
/// </summary>
public static partial class EqOp
{
    public static Tensor So2Unpack(Tape? tape, SphericalLayout layout, int skip, params Tensor[] z)
    {
        const string name = nameof(So2Unpack);
        var plan = So2UnpackPlan.Of(name, layout, skip, z);
        var y = Tensor.Empty(new Shape(plan.Edges, layout.KReduced, plan.Channels), z[0].DType, z[0].Device, tape);
        if (y.DType == DType.Float64)
        {
            UnpackForward<double>(plan, z, y);
        }
        else
        {
            UnpackForward<float>(plan, z, y);
        }

        if (tape is not null && tape.ShouldRecord(z))
        {
            var inputs = (Tensor[])z.Clone();
            tape.Record(name, y, inputs, () =>
            {
                var dz = inputs.Select(t => t.RequiresGrad ? tape.GradOf(t) : null).ToArray();
                if (y.DType == DType.Float64)
                {
                    UnpackBackward<double>(plan, y.Grad!, dz);
                }
                else
                {
                    UnpackBackward<float>(plan, y.Grad!, dz);
                }
            });
        }

        return y;
    }

    private static void UnpackForward<T>(So2UnpackPlan p, Tensor[] tz, Tensor ty)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var (c, kr) = (p.Channels, p.Kr);
        CpuParallel.For(p.Edges, Math.Max(1, 16384 / (kr * c)), (e0, e1) =>
        {
            var y = ty.Span<T>();
            for (var e = (int)e0; e < (int)e1; e++)
            {
                var z0 = tz[0].Span<T>().Slice((e * p.Z0Width) + p.Skip, p.Sizes[0] * c);
                for (var i = 0; i < p.Sizes[0]; i++)
                {
                    z0.Slice(i * c, c).CopyTo(y.Slice(((e * kr) + p.Rows[0][i]) * c, c));
                }

                for (var m = 1; m < p.Sizes.Length; m++)
                {
                    var (n, rows) = (p.Sizes[m], p.Rows[m]);
                    var nc = n * c;
                    var zp = tz[m].Span<T>().Slice(e * 4 * nc, 2 * nc);
                    var zm = tz[m].Span<T>().Slice((e * 4 * nc) + (2 * nc), 2 * nc);
                    for (var i = 0; i < n; i++)
                    {
                        var plus = y.Slice(((e * kr) + rows[i]) * c, c);
                        var minus = y.Slice(((e * kr) + rows[n + i]) * c, c);
                        TensorPrimitives.Subtract<T>(zp.Slice(i * c, c), zm.Slice(nc + (i * c), c), plus);
                        TensorPrimitives.Add<T>(zm.Slice(i * c, c), zp.Slice(nc + (i * c), c), minus);
                    }
                }
            }
        });
    }

    private static void UnpackBackward<T>(So2UnpackPlan p, Tensor tdy, Tensor?[] tdz)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var (c, kr) = (p.Channels, p.Kr);
        CpuParallel.For(p.Edges, Math.Max(1, 16384 / (kr * c)), (e0, e1) =>
        {
            var dy = tdy.Span<T>();
            for (var e = (int)e0; e < (int)e1; e++)
            {
                if (tdz[0] is { } t0)
                {
                    var dz0 = t0.Span<T>().Slice((e * p.Z0Width) + p.Skip, p.Sizes[0] * c);
                    for (var i = 0; i < p.Sizes[0]; i++)
                    {
                        var d = dz0.Slice(i * c, c);
                        TensorPrimitives.Add<T>(d, dy.Slice(((e * kr) + p.Rows[0][i]) * c, c), d);
                    }
                }

                for (var m = 1; m < p.Sizes.Length; m++)
                {
                    if (tdz[m] is not { } tm)
                    {
                        continue;
                    }

                    var (n, rows) = (p.Sizes[m], p.Rows[m]);
                    var nc = n * c;
                    var dzp = tm.Span<T>().Slice(e * 4 * nc, 2 * nc);
                    var dzm = tm.Span<T>().Slice((e * 4 * nc) + (2 * nc), 2 * nc);
                    for (var i = 0; i < n; i++)
                    {
                        var plus = dy.Slice(((e * kr) + rows[i]) * c, c);
                        var minus = dy.Slice(((e * kr) + rows[n + i]) * c, c);
                        var rp = dzp.Slice(i * c, c);
                        var ip = dzp.Slice(nc + (i * c), c);
                        var rm = dzm.Slice(i * c, c);
                        var im = dzm.Slice(nc + (i * c), c);
                        TensorPrimitives.Add<T>(rp, plus, rp);
                        TensorPrimitives.Subtract<T>(im, plus, im);
                        TensorPrimitives.Add<T>(rm, minus, rm);
                        TensorPrimitives.Add<T>(ip, minus, ip);
                    }
                }
            }
        });
    }

    /// <summary>Sizes and the reduced rows each order writes ([m=0] or [+m | −m]), validated once.</summary>
    private sealed record So2UnpackPlan(int Edges, int Kr, int Channels, int Skip, int Z0Width, int[] Sizes, int[][] Rows)
    {
        public static So2UnpackPlan Of(string op, SphericalLayout layout, int skip, Tensor[] z)
        {
            ShapeMismatchException.Require(z.Length == layout.MMax + 1, op, $"needs one GEMM result per order m = 0..{layout.MMax} for {layout}, got {z.Length}");
            ShapeMismatchException.SameKind(op, z);
            var z0 = z[0];
            ShapeMismatchException.Require(z0.DType is DType.Float32 or DType.Float64, op, $"inputs must be float32 or float64, got {z0.Describe()}");
            var sizes = layout.MSize();
            ShapeMismatchException.Require(z0.Rank == 2 && skip >= 0 && z0.Shape[1] > skip && (z0.Shape[1] - skip) % sizes[0] == 0, op,
                $"z_0 must be [E, skip + {sizes[0]}·C] with skip = {skip}, got {z0.Describe()}");
            var (e, c) = (z0.Shape[0], (z0.Shape[1] - skip) / sizes[0]);
            var map = layout.MMajorToReduced();
            var rows = new int[sizes.Length][];
            rows[0] = map[..sizes[0]];
            var start = sizes[0];
            for (var m = 1; m < sizes.Length; m++)
            {
                var zm = z[m];
                ShapeMismatchException.Require(zm.Rank == 3 && zm.Shape[0] == e && zm.Shape[1] == 2 && zm.Shape[2] == 2 * sizes[m] * c, op,
                    $"z_{m} must be [E, 2, 2·n_{m}·C] = [{e}, 2, {2 * sizes[m] * c}] (C = {c} from z_0 {z0.Shape}), got {zm.Describe()}");
                rows[m] = map[start..(start + (2 * sizes[m]))];
                start += 2 * sizes[m];
            }

            return new So2UnpackPlan(e, layout.KReduced, c, skip, z0.Shape[1], sizes, rows);
        }
    }
}
