using CrystalKernels.Equivariant.So3;

namespace CrystalKernels.Equivariant.Wigner;

/// <summary>The reference's dense per-edge matrices, expanded from the truncated blocks (tests and reference paths).</summary>
public sealed partial class EdgeWigner
{
    /// <summary>The reference's dense rotate matrix of one edge, [Kr, K] row-major: D[reduced rows, :].</summary>
    public double[] RotateMatrix(int edge)
    {
        var (k, kr) = (Layout.K, Layout.KReduced);
        var b = Blocks.ToDoubleArray().AsSpan(edge * Layout.TruncatedRotationSize, Layout.TruncatedRotationSize);
        var dense = new double[kr * k];
        var row = 0;
        for (var l = 0; l <= Layout.LMax; l++)
        {
            var n = (2 * l) + 1;
            for (var i = 0; i < Layout.RowsKept(l); i++, row++)
            {
                b.Slice(Layout.TruncatedBlockOffset(l) + (i * n), n).CopyTo(dense.AsSpan((row * k) + (l * l), n));
            }
        }

        return dense;
    }

    /// <summary>The reference's dense rotate-inverse matrix of one edge, [K, Kr]: (Dᵀ)[:, reduced cols] ⊙ rescale.</summary>
    public double[] RotateInvMatrix(int edge)
    {
        var (k, kr) = (Layout.K, Layout.KReduced);
        var rot = RotateMatrix(edge);
        var rescale = RotateInvRescale.Dense(Layout);
        var dense = new double[k * kr];
        for (var i = 0; i < k; i++)
        {
            for (var j = 0; j < kr; j++)
            {
                dense[(i * kr) + j] = rot[(j * k) + i] * rescale[(i * kr) + j];
            }
        }

        return dense;
    }
}
