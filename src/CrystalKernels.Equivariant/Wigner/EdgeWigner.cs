using CrystalKernels.Equivariant.Frames;
using CrystalKernels.Equivariant.Layout;
using CrystalKernels.Equivariant.So3;
using CrystalKernels.Tensors;
using CrystalKernels.Tensors.Backends.Cpu;

namespace CrystalKernels.Equivariant.Wigner;

/// <summary>
/// Per-edge rotations into the edge frame (paper-spec §3.5–3.6): the frame R_e, its Euler angles, and the part of the
/// block-diagonal Wigner-D matrix the truncated model uses. <see cref="Blocks"/> [E, Σ_l min(2l+1, 2M+1)·(2l+1)]
/// holds, per degree l, the rows m' = −min(l, M)..min(l, M) of D^l(R_e) over all 2l+1 columns (235 values for L6M2,
/// instead of the reference's dense 29×49 and 49×29). rotate = those rows; rotate-inverse = their transpose times the
/// per-degree rescale (<see cref="RotateInvRescale"/>). Everything is computed in double and rounded once to the
/// requested dtype.
/// </summary>
public sealed class EdgeWigner
{
    private EdgeWigner(SphericalLayout layout, double[] frames, EulerAngles[] angles, int[] branch, Tensor blocks)
    {
        Layout = layout;
        Frames = frames;
        Angles = angles;
        RollBranch = branch;
        Blocks = blocks;
    }

    public SphericalLayout Layout { get; }

    public int EdgeCount => Angles.Length;

    /// <summary>R_e row-major [E, 3, 3].</summary>
    public double[] Frames { get; }

    /// <summary>Y-X-Y Euler angles of R_e [E].</summary>
    public EulerAngles[] Angles { get; }

    /// <summary>Which roll candidate built the frame (0 = v, 1 = v_b, 2 = v_c) [E].</summary>
    public int[] RollBranch { get; }

    /// <summary>Truncated Wigner rows [E, Layout.TruncatedRotationSize], Float32 or Float64.</summary>
    public Tensor Blocks { get; }

    /// <summary>Frames, angles and truncated blocks for edge vectors [E, 3] (Å; only the direction matters).</summary>
    public static EdgeWigner Compute(Tensor edgeVec, SphericalLayout layout, RollVector roll, DType dtype)
    {
        if (edgeVec.Rank != 2 || edgeVec.Shape.Dims[1] != 3)
        {
            throw new ShapeMismatchException("EdgeWigner", $"edge vectors must be [E, 3], got {edgeVec.Describe()}");
        }

        if (dtype != DType.Float32 && dtype != DType.Float64)
        {
            throw new ArgumentException($"EdgeWigner: blocks must be Float32 or Float64, got {dtype}");
        }

        var r = edgeVec.ToDoubleArray();
        var e = r.Length / 3;
        var size = layout.TruncatedRotationSize;
        var frames = new double[e * 9];
        var angles = new EulerAngles[e];
        var branch = new int[e];
        var blocks = new double[e * size];
        CpuParallel.For(e, 64, (start, end) =>
        {
            for (var i = (int)start; i < end; i++)
            {
                var frame = frames.AsSpan(i * 9, 9);
                branch[i] = EdgeFrame.Compute(r[3 * i], r[(3 * i) + 1], r[(3 * i) + 2], roll, frame);
                angles[i] = EulerAngles.FromMatrix(frame);
                var full = WignerD.Blocks(layout.LMax, angles[i].Alpha, angles[i].Beta, angles[i].Gamma);
                Truncate(layout, full, blocks.AsSpan(i * size, size));
            }
        });

        var t = dtype == DType.Float32
            ? Tensor.FromArray(blocks.Select(v => (float)v).ToArray(), e, size)
            : Tensor.FromArray(blocks, e, size);
        return new EdgeWigner(layout, frames, angles, branch, t);
    }

    /// <summary>Copies the kept rows m' = −min(l, M)..min(l, M) of each full D^l into the truncated layout.</summary>
    public static void Truncate(SphericalLayout layout, double[][] full, Span<double> dst)
    {
        for (var l = 0; l <= layout.LMax; l++)
        {
            var n = (2 * l) + 1;
            var mk = Math.Min(l, layout.MMax);
            full[l].AsSpan((l - mk) * n, layout.RowsKept(l) * n).CopyTo(dst[layout.TruncatedBlockOffset(l)..]);
        }
    }

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
