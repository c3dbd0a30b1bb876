using System.Buffers;
using System.Numerics;
using TensorPrimitives = System.Numerics.Tensors.TensorPrimitives;
using CrystalKernels.Equivariant.Grids;
using CrystalKernels.Tensors;
using CrystalKernels.Tensors.Autograd;
using CrystalKernels.Tensors.Backends.Cpu;
using CrystalKernels.Tensors.Backends.Cpu.Gemm;

namespace CrystalKernels.Equivariant.Ops;

/// <summary>
/// Separable S2 activation with SiLU, fused (paper-spec §3.12, FORK SeparableS2Activation): for each row r,
/// y[r, 0, :] = SiLU(scalars[r, :]) and y[r, 1.., :] = (F ∘ SiLU ∘ T)(x[r])[1..], i.e. with G = T x[r] ([P, C]),
/// y[r, i] = Σ_p F[p, i] SiLU(G[p]) for i ≥ 1 (the grid result for coefficient 0 is discarded).
/// The grid of one row lives only in a per-chunk scratch buffer, so memory stays O(threads · P · C) instead of
/// R · P · C (300k edges × 70 points × 128 channels would be 10 GB in float32). Backward recomputes G:
/// dG = (F[:, 1..] dy[r, 1..]) ⊙ SiLU'(G), dx[r] += Tᵀ dG; dscalars += dy[r, 0] ⊙ SiLU'(scalars).
/// </summary>
public static partial class EqOp
{
    public static Tensor SeparableS2Silu(Tape? tape, Tensor scalars, Tensor x, S2Grid grid)
    {
        const string name = nameof(SeparableS2Silu);
        ShapeMismatchException.SameKind(name, scalars, x);
        var (rows, channels) = CheckGridInput(name, x, grid.Layout.KReduced, "coefficients", grid);
        ShapeMismatchException.Require(scalars.Rank == 2 && scalars.Shape[0] == rows && scalars.Shape[1] == channels, name,
            $"scalars must be [{rows}, {channels}] for x {x.Shape}, got {scalars.Shape}");
        var y = x.EmptyLike(tape);
        if (x.DType == DType.Float32)
        {
            SeparableS2SiluKernel<float>.Forward(grid, scalars, x, y);
        }
        else
        {
            SeparableS2SiluKernel<double>.Forward(grid, scalars, x, y);
        }

        if (tape is not null && tape.ShouldRecord(scalars, x))
        {
            tape.Record(name, y, [scalars, x], () =>
            {
                var ds = scalars.RequiresGrad ? tape.GradOf(scalars) : null;
                var dx = x.RequiresGrad ? tape.GradOf(x) : null;
                if (x.DType == DType.Float32)
                {
                    SeparableS2SiluKernel<float>.Backward(grid, scalars, x, y.Grad!, ds, dx);
                }
                else
                {
                    SeparableS2SiluKernel<double>.Backward(grid, scalars, x, y.Grad!, ds, dx);
                }
            });
        }

        return y;
    }
}

/// <summary>CPU forward and backward of <see cref="EqOp.SeparableS2Silu"/>, rows in fixed parallel chunks.</summary>
internal static class SeparableS2SiluKernel<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    public static void Forward(S2Grid grid, Tensor scalars, Tensor x, Tensor y)
    {
        var (to, from) = (S2GridMatrices<T>.To(grid), S2GridMatrices<T>.From(grid));
        var (p, kr, c) = (grid.Points, grid.Layout.KReduced, x.Shape[2]);
        CpuParallel.For(x.Shape[0], S2GridMatrices<T>.RowGrain(p, kr, 2 * c), (r0, r1) =>
        {
            var g = ArrayPool<T>.Shared.Rent(p * c);
            var s = ArrayPool<T>.Shared.Rent(p * c);
            try
            {
                var xs = x.Span<T>();
                var ys = y.Span<T>();
                var sc = scalars.Span<T>();
                for (var r = (int)r0; r < (int)r1; r++)
                {
                    var yr = ys.Slice(r * kr * c, kr * c);
                    var grd = g.AsSpan(0, p * c);
                    var sig = s.AsSpan(0, p * c);
                    CpuGemm.Gemm(false, false, p, c, kr, T.One, to, kr, xs.Slice(r * kr * c, kr * c), c, T.Zero, grd, c);
                    TensorPrimitives.Sigmoid<T>(grd, sig);
                    TensorPrimitives.Multiply<T>(grd, sig, grd);

                    // Coefficients 1..Kr-1 only: A = F[:, 1..] (rows P, lda Kr), transposed.
                    CpuGemm.Gemm(true, false, kr - 1, c, p, T.One, from.AsSpan(1), kr, grd, c, T.Zero, yr[c..], c);
                    var sr = sc.Slice(r * c, c);
                    for (var j = 0; j < c; j++)
                    {
                        yr[j] = sr[j] / (T.One + T.Exp(-sr[j]));
                    }
                }
            }
            finally
            {
                ArrayPool<T>.Shared.Return(g);
                ArrayPool<T>.Shared.Return(s);
            }
        });
    }

    public static void Backward(S2Grid grid, Tensor scalars, Tensor x, Tensor dy, Tensor? dScalars, Tensor? dx)
    {
        var (to, from) = (S2GridMatrices<T>.To(grid), S2GridMatrices<T>.From(grid));
        var (p, kr, c) = (grid.Points, grid.Layout.KReduced, x.Shape[2]);
        CpuParallel.For(x.Shape[0], S2GridMatrices<T>.RowGrain(p, kr, 3 * c), (r0, r1) =>
        {
            var g = ArrayPool<T>.Shared.Rent(p * c);
            var s = ArrayPool<T>.Shared.Rent(p * c);
            var d = ArrayPool<T>.Shared.Rent(p * c);
            try
            {
                var xs = x.Span<T>();
                var dys = dy.Span<T>();
                var sc = scalars.Span<T>();
                for (var r = (int)r0; r < (int)r1; r++)
                {
                    var dyr = dys.Slice(r * kr * c, kr * c);
                    if (dx is not null)
                    {
                        var grd = g.AsSpan(0, p * c);
                        var sig = s.AsSpan(0, p * c);
                        var dg = d.AsSpan(0, p * c);
                        CpuGemm.Gemm(false, false, p, c, kr, T.One, to, kr, xs.Slice(r * kr * c, kr * c), c, T.Zero, grd, c);
                        TensorPrimitives.Sigmoid<T>(grd, sig);
                        CpuGemm.Gemm(false, false, p, c, kr - 1, T.One, from.AsSpan(1), kr, dyr[c..], c, T.Zero, dg, c);
                        for (var i = 0; i < dg.Length; i++)
                        {
                            dg[i] *= SiluDerivative(grd[i], sig[i]);
                        }

                        CpuGemm.Gemm(true, false, kr, c, p, T.One, to, kr, dg, c, T.One, dx.Span<T>().Slice(r * kr * c, kr * c), c);
                    }

                    if (dScalars is not null)
                    {
                        var sr = sc.Slice(r * c, c);
                        var dsr = dScalars.Span<T>().Slice(r * c, c);
                        for (var j = 0; j < c; j++)
                        {
                            dsr[j] += dyr[j] * SiluDerivative(sr[j], T.One / (T.One + T.Exp(-sr[j])));
                        }
                    }
                }
            }
            finally
            {
                ArrayPool<T>.Shared.Return(g);
                ArrayPool<T>.Shared.Return(s);
                ArrayPool<T>.Shared.Return(d);
            }
        });
    }

    /// <summary>d(x σ(x))/dx = σ (1 + x (1 − σ)).</summary>
    private static T SiluDerivative(T x, T sigmoid) => sigmoid * (T.One + (x * (T.One - sigmoid)));
}
