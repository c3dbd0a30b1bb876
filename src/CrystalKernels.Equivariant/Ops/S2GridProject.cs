using CrystalKernels.Equivariant.Grids;
using CrystalKernels.Tensors;
using CrystalKernels.Tensors.Autograd;

namespace CrystalKernels.Equivariant.Ops;

/// <summary>
/// Projections between the (reduced l-major) coefficients of an SO(3) embedding and an S2 grid (paper-spec §3.11):
/// ToGrid G[r, p, c] = Σ_i T[p, i] x[r, i, c]; FromGrid x[r, i, c] = Σ_p F[p, i] G[r, p, c]. The grid matrices are
/// constants, so the backward of each is its transpose applied to the output gradient (dx += Tᵀ dG, dG += F dx').
/// For the activations prefer <see cref="SeparableS2Silu"/>, which never holds the grid of all rows at once.
/// </summary>
public static partial class EqOp
{
    public static Tensor ToGrid(Tape? tape, Tensor x, S2Grid grid)
    {
        const string name = nameof(ToGrid);
        var (rows, channels) = CheckGridInput(name, x, grid.Layout.KReduced, "coefficients", grid);
        var y = Tensor.Empty(new Shape(rows, grid.Points, channels), x.DType, x.Device, tape);
        Project(grid, toGrid: true, transpose: false, x, y, channels, accumulate: false);
        if (tape is not null && tape.ShouldRecord(x))
        {
            tape.Record(name, y, [x], () => Project(grid, toGrid: true, transpose: true, y.Grad!, tape.GradOf(x), channels, accumulate: true));
        }

        return y;
    }

    public static Tensor FromGrid(Tape? tape, Tensor g, S2Grid grid)
    {
        const string name = nameof(FromGrid);
        var (rows, channels) = CheckGridInput(name, g, grid.Points, "grid points", grid);
        var y = Tensor.Empty(new Shape(rows, grid.Layout.KReduced, channels), g.DType, g.Device, tape);
        Project(grid, toGrid: false, transpose: true, g, y, channels, accumulate: false);
        if (tape is not null && tape.ShouldRecord(g))
        {
            tape.Record(name, y, [g], () => Project(grid, toGrid: false, transpose: false, y.Grad!, tape.GradOf(g), channels, accumulate: true));
        }

        return y;
    }

    /// <summary>x is a float [R, <paramref name="middle"/>, C] tensor; returns (R, C).</summary>
    private static (int Rows, int Channels) CheckGridInput(string op, Tensor x, int middle, string what, S2Grid grid)
    {
        ShapeMismatchException.Require(x.DType != DType.Int32, op, $"needs float32 or float64, got {x.Describe()}");
        ShapeMismatchException.Require(x.Rank == 3 && x.Shape[1] == middle, op,
            $"needs [R, {middle} {what}, C] for the {grid.Layout} grid {grid.ResBeta}x{grid.ResAlpha}, got {x.Describe()}");
        return (x.Shape[0], x.Shape[2]);
    }

    private static void Project(S2Grid grid, bool toGrid, bool transpose, Tensor src, Tensor dst, int channels, bool accumulate)
    {
        var (p, kr) = (grid.Points, grid.Layout.KReduced);
        if (src.DType == DType.Float32)
        {
            var m = toGrid ? S2GridMatrices<float>.To(grid) : S2GridMatrices<float>.From(grid);
            S2GridMatrices<float>.Project(m, p, kr, transpose, src, dst, channels, accumulate ? 1f : 0f);
        }
        else
        {
            var m = toGrid ? S2GridMatrices<double>.To(grid) : S2GridMatrices<double>.From(grid);
            S2GridMatrices<double>.Project(m, p, kr, transpose, src, dst, channels, accumulate ? 1.0 : 0.0);
        }
    }
}
