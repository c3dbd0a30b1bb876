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

/// <summary>
/// CPU forward and backward of <see cref="EqOp.SeparableS2Silu"/>. Rows go in blocks of b (b·C ≈ 512 columns): the
/// block is transposed to [Kr, b·C] so each projection is one GEMM with n = b·C instead of b GEMMs with n = C (the grid
/// matrix is packed once per block and the micro-kernels run on longer rows). Blocks are fixed by the row index
/// (the chunk grain is a multiple of b), so results do not depend on the thread count.
/// </summary>
internal static class SeparableS2SiluKernel<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Target GEMM width b·C: wide enough to amortise packing T, small enough that the grid block stays in L2.</summary>
    private const int BlockColumns = 512;

    public static void Forward(S2Grid grid, Tensor scalars, Tensor x, Tensor y)
    {
        var (to, from) = (S2GridMatrices<T>.To(grid), S2GridMatrices<T>.From(grid));
        var (p, kr, c) = (grid.Points, grid.Layout.KReduced, x.Shape[2]);
        var (block, grain) = Blocking(p, kr, c, 2);
        CpuParallel.For(x.Shape[0], grain, (r0, r1) =>
        {
            var pool = ArrayPool<T>.Shared;
            var (xt, g, s, ot) = (pool.Rent(kr * block * c), pool.Rent(p * block * c), pool.Rent(p * block * c), pool.Rent(kr * block * c));
            try
            {
                for (var r = (int)r0; r < (int)r1; r += block)
                {
                    var nb = Math.Min(block, (int)r1 - r);
                    var n = nb * c;
                    var grd = g.AsSpan(0, p * n);
                    var sig = s.AsSpan(0, p * n);
                    Transpose(x.Span<T>(), r, nb, 0, kr, kr, c, xt);
                    CpuGemm.Gemm(false, false, p, n, kr, T.One, to, kr, xt.AsSpan(0, kr * n), n, T.Zero, grd, n);
                    TensorPrimitives.Sigmoid<T>(grd, sig);
                    TensorPrimitives.Multiply<T>(grd, sig, grd);

                    // Coefficients 1..Kr-1 only: A = F[:, 1..] (rows P, lda Kr), transposed.
                    CpuGemm.Gemm(true, false, kr - 1, n, p, T.One, from.AsSpan(1), kr, grd, n, T.Zero, ot.AsSpan(0, (kr - 1) * n), n);
                    Untranspose(ot, y.Span<T>(), r, nb, 1, kr - 1, kr, c, accumulate: false);
                    var ys = y.Span<T>();
                    var sc = scalars.Span<T>();
                    for (var j = 0; j < nb; j++)
                    {
                        var sr = sc.Slice((r + j) * c, c);
                        var yr = ys.Slice((r + j) * kr * c, c);
                        for (var ch = 0; ch < c; ch++)
                        {
                            yr[ch] = sr[ch] / (T.One + T.Exp(-sr[ch]));
                        }
                    }
                }
            }
            finally
            {
                pool.Return(xt);
                pool.Return(g);
                pool.Return(s);
                pool.Return(ot);
            }
        });
    }

    public static void Backward(S2Grid grid, Tensor scalars, Tensor x, Tensor dy, Tensor? dScalars, Tensor? dx)
    {
        var (to, from) = (S2GridMatrices<T>.To(grid), S2GridMatrices<T>.From(grid));
        var (p, kr, c) = (grid.Points, grid.Layout.KReduced, x.Shape[2]);
        var (block, grain) = Blocking(p, kr, c, 3);
        CpuParallel.For(x.Shape[0], grain, (r0, r1) =>
        {
            var pool = ArrayPool<T>.Shared;
            var (xt, g, s, d, dyt) = (pool.Rent(kr * block * c), pool.Rent(p * block * c), pool.Rent(p * block * c),
                pool.Rent(p * block * c), pool.Rent(kr * block * c));
            try
            {
                for (var r = (int)r0; r < (int)r1; r += block)
                {
                    var nb = Math.Min(block, (int)r1 - r);
                    var n = nb * c;
                    if (dx is not null)
                    {
                        var grd = g.AsSpan(0, p * n);
                        var sig = s.AsSpan(0, p * n);
                        var dg = d.AsSpan(0, p * n);
                        Transpose(x.Span<T>(), r, nb, 0, kr, kr, c, xt);
                        CpuGemm.Gemm(false, false, p, n, kr, T.One, to, kr, xt.AsSpan(0, kr * n), n, T.Zero, grd, n);
                        TensorPrimitives.Sigmoid<T>(grd, sig);
                        Transpose(dy.Span<T>(), r, nb, 1, kr - 1, kr, c, dyt);
                        CpuGemm.Gemm(false, false, p, n, kr - 1, T.One, from.AsSpan(1), kr, dyt.AsSpan(0, (kr - 1) * n), n, T.Zero, dg, n);
                        ScaleBySiluDerivative(dg, grd, sig);

                        CpuGemm.Gemm(true, false, kr, n, p, T.One, to, kr, dg, n, T.Zero, xt.AsSpan(0, kr * n), n);
                        Untranspose(xt, dx.Span<T>(), r, nb, 0, kr, kr, c, accumulate: true);
                    }

                    if (dScalars is not null)
                    {
                        var sc = scalars.Span<T>();
                        var dys = dy.Span<T>();
                        var ds = dScalars.Span<T>();
                        for (var j = 0; j < nb; j++)
                        {
                            var sr = sc.Slice((r + j) * c, c);
                            var dyr = dys.Slice((r + j) * kr * c, c);
                            var dsr = ds.Slice((r + j) * c, c);
                            for (var ch = 0; ch < c; ch++)
                            {
                                dsr[ch] += dyr[ch] * SiluDerivative(sr[ch], T.One / (T.One + T.Exp(-sr[ch])));
                            }
                        }
                    }
                }
            }
            finally
            {
                pool.Return(xt);
                pool.Return(g);
                pool.Return(s);
                pool.Return(d);
                pool.Return(dyt);
            }
        });
    }

    /// <summary>Rows per GEMM block and rows per parallel chunk (a multiple of the block).</summary>
    private static (int Block, long Grain) Blocking(int p, int kr, int c, int gemms)
    {
        var block = Math.Max(1, BlockColumns / Math.Max(1, c));
        var grain = S2GridMatrices<T>.RowGrain(p, kr, gemms * c);
        return (block, block * Math.Max(1, (grain + block - 1) / block));
    }

    /// <summary>dst[i, j·C + ch] = src[r + j, i0 + i, ch] for i &lt; count, j &lt; nb: rows [nb, K, C] → [count, nb·C].</summary>
    private static void Transpose(ReadOnlySpan<T> src, int r, int nb, int i0, int count, int k, int c, Span<T> dst)
    {
        var n = nb * c;
        for (var j = 0; j < nb; j++)
        {
            for (var i = 0; i < count; i++)
            {
                src.Slice((((r + j) * k) + i0 + i) * c, c).CopyTo(dst.Slice((i * n) + (j * c), c));
            }
        }
    }

    /// <summary>dst[r + j, i0 + i, ch] (+)= src[i, j·C + ch]: the inverse of <see cref="Transpose"/>.</summary>
    private static void Untranspose(ReadOnlySpan<T> src, Span<T> dst, int r, int nb, int i0, int count, int k, int c, bool accumulate)
    {
        var n = nb * c;
        for (var j = 0; j < nb; j++)
        {
            for (var i = 0; i < count; i++)
            {
                var from = src.Slice((i * n) + (j * c), c);
                var to = dst.Slice((((r + j) * k) + i0 + i) * c, c);
                if (accumulate)
                {
                    TensorPrimitives.Add<T>(to, from, to);
                }
                else
                {
                    from.CopyTo(to);
                }
            }
        }
    }

    /// <summary>dg[i] *= SiLU'(x[i]) given σ(x[i]), SIMD (the backward's only per-grid-point loop).</summary>
    private static void ScaleBySiluDerivative(Span<T> dg, ReadOnlySpan<T> x, ReadOnlySpan<T> sigmoid)
    {
        var i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var one = Vector<T>.One;
            for (; i + Vector<T>.Count <= dg.Length; i += Vector<T>.Count)
            {
                var (xv, sv) = (new Vector<T>(x[i..]), new Vector<T>(sigmoid[i..]));
                (new Vector<T>(dg[i..]) * (sv * (one + (xv * (one - sv))))).CopyTo(dg[i..]);
            }
        }

        for (; i < dg.Length; i++)
        {
            dg[i] *= SiluDerivative(x[i], sigmoid[i]);
        }
    }

    /// <summary>d(x σ(x))/dx = σ (1 + x (1 − σ)).</summary>
    private static T SiluDerivative(T x, T sigmoid) => sigmoid * (T.One + (x * (T.One - sigmoid)));
}
