using System.Numerics;
using System.Runtime.CompilerServices;
using CrystalKernels.Equivariant.Grids;
using CrystalKernels.Tensors;
using CrystalKernels.Tensors.Backends.Cpu;
using CrystalKernels.Tensors.Backends.Cpu.Gemm;

namespace CrystalKernels.Equivariant.Ops;

/// <summary>
/// The to-grid T and from-grid F matrices of an <see cref="S2Grid"/> as row-major [P, Kr] arrays of T (rounded once
/// from double), cached per grid, and the per-row product the grid ops are built from. Row r of a feature tensor
/// [R, Kr, C] is a [Kr, C] matrix, so a projection is one small GEMM per row with the grid matrix as A.
/// </summary>
internal static class S2GridMatrices<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private static readonly ConditionalWeakTable<S2Grid, T[][]> Cache = new();

    /// <summary>T [P, Kr].</summary>
    public static T[] To(S2Grid grid) => Get(grid)[0];

    /// <summary>F [P, Kr].</summary>
    public static T[] From(S2Grid grid) => Get(grid)[1];

    /// <summary>Rows per parallel chunk: about 2^18 multiply-adds (one row of the 6/2 grid at C = 128 is 2.6e5).</summary>
    public static long RowGrain(int points, int kr, int channels) =>
        Math.Max(1, (1L << 18) / Math.Max(1L, (long)points * kr * channels));

    /// <summary>
    /// dst[r] = op(M) · src[r] (+ beta · dst[r]) for every row r, M [P, Kr] row-major; op(M) = M maps Kr coefficients
    /// to P grid values per channel, Mᵀ maps P back to Kr. Each row is written by one chunk: deterministic.
    /// </summary>
    public static void Project(T[] matrix, int points, int kr, bool transpose, Tensor src, Tensor dst, int channels, T beta)
    {
        var rows = (int)src.Shape[0];
        var (m, k) = transpose ? (kr, points) : (points, kr);
        CpuParallel.For(rows, RowGrain(points, kr, channels), (r0, r1) =>
        {
            var s = src.Span<T>();
            var d = dst.Span<T>();
            for (var r = (int)r0; r < (int)r1; r++)
            {
                CpuGemm.Gemm(transpose, false, m, channels, k, T.One, matrix, kr, s.Slice(r * k * channels, k * channels),
                    channels, beta, d.Slice(r * m * channels, m * channels), channels);
            }
        });
    }

    private static T[][] Get(S2Grid grid) => Cache.GetValue(grid, g =>
    [
        g.ToGrid.Select(T.CreateChecked).ToArray(),
        g.FromGrid.Select(T.CreateChecked).ToArray(),
    ]);
}
