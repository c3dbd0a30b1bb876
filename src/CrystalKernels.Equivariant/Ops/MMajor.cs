using System.Collections.Concurrent;
using System.Numerics;
using System.Numerics.Tensors;
using CrystalKernels.Equivariant.Layout;
using CrystalKernels.Tensors;
using CrystalKernels.Tensors.Autograd;
using CrystalKernels.Tensors.Backends.Cpu;
using Tensor = CrystalKernels.Tensors.Tensor;

namespace CrystalKernels.Equivariant.Ops;

public static partial class EqOp
{
    private static readonly ConcurrentDictionary<SphericalLayout, (int[] ToM, int[] FromM)> MMajorMaps = new();

    /// <summary>
    /// Reduced l-major → m-major coefficient order (paper-spec §3.3; FORK to_m / _m_primary as an index gather):
    /// y[r, p, :] = x[r, MMajorToReduced[p], :] for x [R, Kr, C]. Backward: dx[r, map[p], :] += dy[r, p, :].
    /// </summary>
    public static Tensor ToMMajor(Tape? tape, Tensor x, SphericalLayout layout) =>
        PermuteCoefficients(tape, nameof(ToMMajor), x, layout, Maps(layout).ToM);

    /// <summary>m-major → reduced l-major (FORK _l_primary): y[r, i, :] = x[r, ReducedToMMajor[i], :]; the inverse of ToMMajor.</summary>
    public static Tensor FromMMajor(Tape? tape, Tensor x, SphericalLayout layout) =>
        PermuteCoefficients(tape, nameof(FromMMajor), x, layout, Maps(layout).FromM);

    private static (int[] ToM, int[] FromM) Maps(SphericalLayout layout) =>
        MMajorMaps.GetOrAdd(layout, l => (l.MMajorToReduced(), l.ReducedToMMajor()));

    /// <summary>y[r, p, :] = x[r, map[p], :]; map is a permutation, so the backward scatter writes each row once.</summary>
    private static Tensor PermuteCoefficients(Tape? tape, string op, Tensor x, SphericalLayout layout, int[] map)
    {
        var (rows, c) = RotatePlan.RequireFeatures(op, "x", x, map.Length, layout);
        var y = x.EmptyLike(tape);
        Gather(x, y, map, rows, c, accumulate: false, scatter: false);
        if (tape is not null && tape.ShouldRecord(x))
        {
            tape.Record(op, y, [x], () => Gather(y.Grad!, tape.GradOf(x), map, rows, c, accumulate: true, scatter: true));
        }

        return y;
    }

    private static void Gather(Tensor src, Tensor dst, int[] map, int rows, int c, bool accumulate, bool scatter)
    {
        if (src.DType == DType.Float32)
        {
            Gather<float>(src, dst, map, rows, c, accumulate, scatter);
        }
        else
        {
            Gather<double>(src, dst, map, rows, c, accumulate, scatter);
        }
    }

    /// <summary>Gather: dst[r, p] (+)= src[r, map[p]]; scatter: dst[r, map[p]] (+)= src[r, p]. Channel rows are copied whole.</summary>
    private static void Gather<T>(Tensor tSrc, Tensor tDst, int[] map, int rows, int c, bool accumulate, bool scatter)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var k = map.Length;
        CpuParallel.For(rows, Math.Max(1, (1 << 16) / Math.Max(1, k * c)), (r0, r1) =>
        {
            ReadOnlySpan<T> src = tSrc.Span<T>();
            var dst = tDst.Span<T>();
            for (var r = (int)r0; r < r1; r++)
            {
                var baseIndex = r * k * c;
                for (var p = 0; p < k; p++)
                {
                    var (from, to) = scatter ? (p, map[p]) : (map[p], p);
                    var s = src.Slice(baseIndex + (from * c), c);
                    var d = dst.Slice(baseIndex + (to * c), c);
                    if (accumulate)
                    {
                        TensorPrimitives.Add(d, s, d);
                    }
                    else
                    {
                        s.CopyTo(d);
                    }
                }
            }
        });
    }
}
