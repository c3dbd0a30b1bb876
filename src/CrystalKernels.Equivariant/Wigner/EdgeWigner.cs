using CrystalKernels.Equivariant.Frames;
using CrystalKernels.Equivariant.Layout;
using CrystalKernels.Equivariant.So3;
using CrystalKernels.Tensors;
using CrystalKernels.Tensors.Autograd;
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
public sealed partial class EdgeWigner
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

    /// <summary>Which roll candidate built the frame [E]: 0, 1, 2 = v, v_b, v_c (fixed rule) or â, b̂, ĉ (lattice rule; 3, 4, 5 = its face normals).</summary>
    public int[] RollBranch { get; }

    /// <summary>Truncated Wigner rows [E, Layout.TruncatedRotationSize], Float32 or Float64.</summary>
    public Tensor Blocks { get; }

    /// <summary>Frames, angles and truncated blocks for edge vectors [E, 3] (Å; only the direction matters), no gradient.</summary>
    public static EdgeWigner Compute(Tensor edgeVec, SphericalLayout layout, RollVector roll, DType dtype) =>
        Compute(null, edgeVec, layout, roll, dtype);

    /// <summary>
    /// Frames, angles and truncated blocks for edge vectors [E, 3]. When the tape records and <paramref name="edgeVec"/>
    /// requires a gradient, the backward accumulates dL/dr [E, 3] from dL/dBlocks through the whole frame construction
    /// with the roll choice held fixed (see <see cref="Backward"/>); the reference itself detaches the Wigner matrices.
    /// </summary>
    public static EdgeWigner Compute(Tape? tape, Tensor edgeVec, SphericalLayout layout, RollVector roll, DType dtype) =>
        Compute(tape, edgeVec, layout, EdgeRolls.Uniform(roll.Candidates), dtype);

    /// <summary>
    /// As above with per-edge roll candidates (<see cref="RollRule.ForEdges"/>, e.g. each edge's crystal lattice). The
    /// gradient w.r.t. <paramref name="edgeVec"/> holds the candidates fixed: they depend on the cell, not on positions.
    /// </summary>
    public static EdgeWigner Compute(Tape? tape, Tensor edgeVec, SphericalLayout layout, EdgeRolls rolls, DType dtype)
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
        rolls.CheckEdgeCount(nameof(EdgeWigner), e);
        var size = layout.TruncatedRotationSize;
        var frames = new double[e * 9];
        var angles = new EulerAngles[e];
        var branch = new int[e];
        var blocks = new double[e * size];
        var firstBad = (Edge: int.MaxValue, Error: (Exception?)null);
        CpuParallel.For(e, 64, (start, end) =>
        {
            for (var i = (int)start; i < end; i++)
            {
                var frame = frames.AsSpan(i * 9, 9);
                try
                {
                    branch[i] = EdgeFrame.Compute(r[3 * i], r[(3 * i) + 1], r[(3 * i) + 2], rolls.For(i), frame);
                }
                catch (Exception ex) when (ex is ArgumentException or InvalidOperationException)
                {
                    // Report the lowest failing edge (deterministic for any thread count), not an AggregateException.
                    lock (frames)
                    {
                        firstBad = i < firstBad.Edge ? (i, ex) : firstBad;
                    }

                    return;
                }

                angles[i] = EulerAngles.FromMatrix(frame);
                var full = WignerD.Blocks(layout.LMax, angles[i].Alpha, angles[i].Beta, angles[i].Gamma);
                Truncate(layout, full, blocks.AsSpan(i * size, size));
            }
        });

        if (firstBad.Error is { } bad)
        {
            var message = $"EdgeWigner: edge {firstBad.Edge} of {e}: {bad.Message}";
            throw bad is ArgumentException ? new ArgumentException(message, bad) : new InvalidOperationException(message, bad);
        }

        var t = Tensor.Empty(new Shape(e, size), dtype, edgeVec.Device, tape);
        if (dtype == DType.Float32)
        {
            var dst = t.Span<float>();
            for (var i = 0; i < blocks.Length; i++)
            {
                dst[i] = (float)blocks[i];
            }
        }
        else
        {
            blocks.CopyTo(t.Span<double>());
        }

        if (tape is not null && tape.ShouldRecord(edgeVec))
        {
            tape.Record(nameof(EdgeWigner), t, [edgeVec], () =>
            {
                var dr = Backward(r, layout, rolls, angles, t.Grad!.ToDoubleArray());
                var g = tape.GradOf(edgeVec);
                if (g.DType == DType.Float32)
                {
                    var gs = g.Span<float>();
                    for (var i = 0; i < dr.Length; i++)
                    {
                        gs[i] += (float)dr[i];
                    }
                }
                else
                {
                    var gs = g.Span<double>();
                    for (var i = 0; i < dr.Length; i++)
                    {
                        gs[i] += dr[i];
                    }
                }
            });
        }

        return new EdgeWigner(layout, frames, angles, branch, t);
    }

    /// <summary>
    /// dL/dr [E, 3] from dL/dBlocks [E, size]. Moving r turns R_e by the angular velocity ω_j = vee((∂R_e/∂r_j) R_eᵀ)
    /// (<see cref="EdgeFrameDerivative"/>), and D^l(exp(Ω) R) ≈ (I + Σ_k ω_k L^l_k) D^l(R) (<see cref="WignerGenerators"/>),
    /// so dL/dr_j = Σ_k ω_jk Σ_l ⟨G_l, (L^l_k D^l)[kept rows]⟩. This is the derivative of D(R_e(r)) itself, so unlike the
    /// reference's autograd through acos/atan2 it stays finite and accurate at and near the poles (±y).
    /// </summary>
    public static double[] Backward(double[] edgeVec, SphericalLayout layout, RollVector roll, EulerAngles[] angles, double[] dBlocks) =>
        Backward(edgeVec, layout, EdgeRolls.Uniform(roll.Candidates), angles, dBlocks);

    /// <summary>As above with per-edge roll candidates (held fixed).</summary>
    public static double[] Backward(double[] edgeVec, SphericalLayout layout, EdgeRolls rolls, EulerAngles[] angles, double[] dBlocks)
    {
        var e = angles.Length;
        rolls.CheckEdgeCount(nameof(EdgeWigner), e);
        var size = layout.TruncatedRotationSize;
        var dr = new double[e * 3];
        CpuParallel.For(e, 64, (start, end) =>
        {
            Span<double> omega = stackalloc double[9];
            for (var i = (int)start; i < end; i++)
            {
                var a = angles[i];
                var m = new double[3];
                for (var l = 0; l <= layout.LMax; l++)
                {
                    var (n, rows, first) = ((2 * l) + 1, layout.RowsKept(l), l - Math.Min(l, layout.MMax));
                    var d = WignerD.Block(l, a.Alpha, a.Beta, a.Gamma);
                    var g = dBlocks.AsSpan((i * size) + layout.TruncatedBlockOffset(l), rows * n);
                    var gens = WignerGenerators.Of(l);
                    for (var row = 0; row < rows; row++)
                    {
                        for (var p = 0; p < n; p++)
                        {
                            // P[row, p] = Σ_c G[row, c] D[p, c]; then ⟨G, L_k D⟩ = Σ L_k[first + row, p] P[row, p].
                            var pr = 0.0;
                            for (var c = 0; c < n; c++)
                            {
                                pr += g[(row * n) + c] * d[(p * n) + c];
                            }

                            for (var k = 0; k < 3; k++)
                            {
                                m[k] += gens[k][((first + row) * n) + p] * pr;
                            }
                        }
                    }
                }

                EdgeFrameDerivative.AngularJacobian(edgeVec[3 * i], edgeVec[(3 * i) + 1], edgeVec[(3 * i) + 2], rolls.For(i), omega);
                for (var j = 0; j < 3; j++)
                {
                    dr[(3 * i) + j] = (omega[3 * j] * m[0]) + (omega[(3 * j) + 1] * m[1]) + (omega[(3 * j) + 2] * m[2]);
                }
            }
        });

        return dr;
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
}
