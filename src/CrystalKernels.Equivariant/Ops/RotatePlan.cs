using System.Collections.Concurrent;
using CrystalKernels.Equivariant.Layout;
using CrystalKernels.Equivariant.So3;
using CrystalKernels.Tensors;

namespace CrystalKernels.Equivariant.Ops;

/// <summary>
/// Per-degree offsets of the truncated rotation for one layout, cached: degree l's Wigner block B_l
/// [Rows_l, N_l] starts at BlockOffset[l] of an edge's blocks, its full coefficients at l² and its reduced ones at
/// ReducedOffset[l]. Rescale[l] is the rotate-inverse factor sqrt((2l+1)/(2M+1)) for l &gt; M (1 otherwise).
/// </summary>
internal sealed class RotatePlan
{
    private static readonly ConcurrentDictionary<SphericalLayout, RotatePlan> Cache = new();

    private RotatePlan(SphericalLayout layout)
    {
        Layout = layout;
        var degrees = layout.LMax + 1;
        (N, Rows, FullOffset, ReducedOffset, BlockOffset) = (new int[degrees], new int[degrees], new int[degrees], new int[degrees], new int[degrees]);
        var reduced = 0;
        for (var l = 0; l < degrees; l++)
        {
            N[l] = (2 * l) + 1;
            Rows[l] = layout.RowsKept(l);
            FullOffset[l] = l * l;
            ReducedOffset[l] = reduced;
            BlockOffset[l] = layout.TruncatedBlockOffset(l);
            reduced += Rows[l];
        }

        Rescale = RotateInvRescale.PerDegree(layout);
        K = layout.K;
        KReduced = reduced;
        BlockSize = layout.TruncatedRotationSize;
    }

    public SphericalLayout Layout { get; }

    public int Degrees => N.Length;

    public int K { get; }

    public int KReduced { get; }

    public int BlockSize { get; }

    public int[] N { get; }

    public int[] Rows { get; }

    public int[] FullOffset { get; }

    public int[] ReducedOffset { get; }

    public int[] BlockOffset { get; }

    public double[] Rescale { get; }

    public static RotatePlan Of(SphericalLayout layout) => Cache.GetOrAdd(layout, l => new RotatePlan(l));

    /// <summary>Checks a feature tensor [E, coefficients, C] (float, CPU layout) and returns (E, C).</summary>
    public static (int Edges, int Channels) RequireFeatures(string op, string what, Tensor t, int coefficients, SphericalLayout layout)
    {
        ShapeMismatchException.Require(t.DType is DType.Float32 or DType.Float64, op, $"{what} must be float32 or float64, got {t.Describe()}");
        ShapeMismatchException.Require(t.Rank == 3 && t.Shape.Dims[1] == coefficients, op,
            $"{what} must be [E, {coefficients}, C] for layout {layout}, got {t.Describe()}");
        return (t.Shape.Dims[0], t.Shape.Dims[2]);
    }

    /// <summary>Checks the truncated Wigner blocks [E, BlockSize] against the features (same E, dtype, device).</summary>
    public void RequireBlocks(string op, Tensor blocks, Tensor features, int edges)
    {
        ShapeMismatchException.Require(blocks.Rank == 2 && blocks.Shape.Dims[0] == edges && blocks.Shape.Dims[1] == BlockSize, op,
            $"blocks must be [{edges}, {BlockSize}] (E of the features, TruncatedRotationSize of {Layout}), got {blocks.Describe()}");
        ShapeMismatchException.SameKind(op, features, blocks);
    }

    /// <summary>Edges per parallel chunk: about 128k feature values, so scheduling is cheap against the work.</summary>
    public int Grain(int channels) => Math.Max(1, (1 << 17) / Math.Max(1, K * channels));
}
