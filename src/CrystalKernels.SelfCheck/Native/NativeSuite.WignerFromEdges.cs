using CrystalKernels.Equivariant.Frames;
using CrystalKernels.Equivariant.Layout;
using CrystalKernels.Equivariant.Wigner;
using CrystalKernels.Native.Kernels;
using CrystalKernels.Tensors;
using static CrystalKernels.SelfCheck.Native.HostArrays;

namespace CrystalKernels.SelfCheck.Native;

/// <summary>
/// ck_wigner_from_edges_fwd against EdgeWigner.Compute (float64 blocks, the CPU twin): random directions, edges at
/// and near the poles ±y (where the Euler angles are ill-conditioned but D is not), both roll rules including the
/// lattice rule's ties and fallback, and the codes and NaN blocks of edges the CPU rejects.
/// </summary>
public sealed partial class NativeSuite
{
    /// <summary>Distances from the pole of the near-pole edges (0 = exactly on ±y).</summary>
    private static readonly double[] PoleOffsets = [1e-1, 1e-2, 1e-3, 1e-4, 1e-5, 1e-6, 1e-7, 0];

    /// <summary>The fixture's roll vector (one candidate set for every edge, no edge-set index).</summary>
    private void WignerFromEdgesMatchesEdgeWignerWithTheFixedRoll(int lMax, int mMax)
    {
        var layout = new SphericalLayout(lMax, mMax);
        var vec = FixedRollEdges();
        var cpu = EdgeWigner.Compute(Tensor.FromArray(vec, vec.Length / 3, 3), layout, RollVector.Fixture, DType.Float64);
        var (blocks, branch) = WignerFromEdgesOnGpu(layout, vec, [RollVector.Fixture.Candidates], null);
        CompareWithEdgeWigner(cpu, blocks, branch, $"fixed roll L{lMax} M{mMax}");
    }

    /// <summary>
    /// The model's default rule (RollRule.Lattice): per-crystal (â, b̂, ĉ) with tie margin 1e-4 and the face-normal
    /// fallback. A cubic cell gives exact ties (edges along a + b, a + b + c), a 17.3° rhombohedral cell sends edges near
    /// its axis to the fallback, a triclinic cell is generic.
    /// </summary>
    private void WignerFromEdgesMatchesEdgeWignerWithTheLatticeRoll()
    {
        var layout = new SphericalLayout(6, 2);
        double[] cells = [.. CubicCell(), .. RhombohedralCell(), 4.1, 0.3, -0.2, 0.7, 5.2, 0.4, -0.5, 0.9, 6.3];
        var (vec, crystal) = LatticeEdges(cells);
        var rolls = RollRule.Lattice.ForEdges(cells, crystal);
        var perCrystal = RollRule.Lattice.ForEdges(cells, [0, 1, 2]);
        var cpu = EdgeWigner.Compute(null, Tensor.FromArray(vec, vec.Length / 3, 3), layout, rolls, DType.Float64);
        Expect.That(cpu.RollBranch.Any(b => b >= 3), "the lattice case should reach the fallback candidates");
        var (blocks, branch) = WignerFromEdgesOnGpu(layout, vec, [perCrystal.For(0), perCrystal.For(1), perCrystal.For(2)], crystal);
        CompareWithEdgeWigner(cpu, blocks, branch, "lattice roll L6 M2");
    }

    /// <summary>Edges the CPU rejects with an exception get a negative branch code and NaN blocks; valid ones do not.</summary>
    private void WignerFromEdgesMarksInvalidEdges()
    {
        var layout = new SphericalLayout(6, 2);
        float[] vec = [0, 0, 0, 1e-5f, 0, 0, float.NaN, 1, 0, float.PositiveInfinity, 0, 0, 0, 0, 2, 1, 2, 3, 1, 2, 3];
        int[] set = [0, 0, 0, 0, 1, 7, 0];
        var aligned = new RollCandidates((0, 0, 1), (0, 0, 1), (0, 0, 1), 0, "all along z");
        var (blocks, branch) = WignerFromEdgesOnGpu(layout, vec, [RollVector.Fixture.Candidates, aligned], set);
        const int bad = WignerFromEdgesKernel.BranchBadLength;
        var w = layout.TruncatedRotationSize;
        var valid = EdgeWigner.Compute(Tensor.FromArray(new float[] { 1, 2, 3 }, 1, 3), layout, RollVector.Fixture, DType.Float64);
        Expect.Equal(branch, [bad, bad, bad, bad, WignerFromEdgesKernel.BranchAligned, WignerFromEdgesKernel.BranchBadSet, valid.RollBranch[0]], "branch codes");
        Expect.That(blocks.AsSpan(0, 6 * w).ToArray().All(float.IsNaN), "blocks of invalid edges are NaN");
        Expect.Below(RelativeToMaxAbs(blocks.AsSpan(6 * w, w), valid.Blocks.ToDoubleArray()), GpuTol.Float32, "the valid edge's blocks vs EdgeWigner");
    }

    private (float[] Blocks, int[] Branch) WignerFromEdgesOnGpu(SphericalLayout layout, float[] vec, RollCandidates[] sets, int[]? edgeSet)
    {
        var kernel = new WignerFromEdgesKernel(Library, layout.LMax, layout.MMax);
        var edges = vec.Length / 3;
        using var gv = Gpu.Upload<float>(vec);
        using var gc = Gpu.Upload<double>(WignerFromEdgesInputs.Candidates(sets));
        using var gset = edgeSet is null ? null : Gpu.Upload<int>(edgeSet);
        using var gj = Gpu.Upload<double>(WignerFromEdgesInputs.J(layout.LMax));
        using var gb = Gpu.Allocate<float>((long)edges * kernel.WignerSize);
        using var gbr = Gpu.Allocate<int>(edges);
        kernel.Forward(gv, gc, gset, gj, gb, gbr);
        return (gb.ToArray(), gbr.ToArray());
    }

    /// <summary>Same roll branch for every edge (an exact decision), blocks within float32 rounding of the float64 ones.</summary>
    private void CompareWithEdgeWigner(EdgeWigner cpu, float[] blocks, int[] branch, string what)
    {
        Expect.Equal(branch, cpu.RollBranch, $"{what}: roll branch per edge");
        var reference = cpu.Blocks.ToDoubleArray();
        var w = cpu.Layout.TruncatedRotationSize;
        var (worst, at) = (0.0, -1);
        for (var e = 0; e < cpu.EdgeCount; e++)
        {
            var err = RelativeToMaxAbs(blocks.AsSpan(e * w, w), reference.AsSpan(e * w, w));
            (worst, at) = err > worst || double.IsNaN(err) ? (err, e) : (worst, at);
        }

        Expect.Below(worst, GpuTol.Float32, $"{what}: blocks vs EdgeWigner float64 (worst edge {at})");
        Note($"{cpu.EdgeCount} edges, worst relative error {worst:E2}");
    }

    /// <summary>200 random directions, 96 within 1e-1..1e-7 rad of ±y or exactly on it, and the six axis directions.</summary>
    private static float[] FixedRollEdges()
    {
        var v = new List<float>(Uniform("wfe-random", 3 * 200, -3f, 3f));
        var (phase, length) = (Uniform("wfe-phase", 96, 0f, 2 * MathF.PI), Uniform("wfe-length", 96, 0.8f, 5f));
        for (var k = 0; k < 96; k++)
        {
            var (eps, sign) = (PoleOffsets[k % PoleOffsets.Length], (k / PoleOffsets.Length) % 2 == 0 ? 1 : -1);
            v.AddRange([(float)(length[k] * eps * Math.Cos(phase[k])), sign * length[k], (float)(length[k] * eps * Math.Sin(phase[k]))]);
        }

        v.AddRange([2.5f, 0, 0, -2.5f, 0, 0, 0, 2.5f, 0, 0, -2.5f, 0, 0, 0, 2.5f, 0, 0, -2.5f]);
        return [.. v];
    }

    /// <summary>Per crystal: 60 random directions, then ±a, b, c, a + b, a + b + c, a + b − c and b × c.</summary>
    private static (float[] Vec, int[] Crystal) LatticeEdges(double[] cells)
    {
        var (v, crystal) = (new List<float>(), new List<int>());
        for (var b = 0; b < cells.Length / 9; b++)
        {
            var m = cells.AsSpan(9 * b, 9).ToArray();
            v.AddRange(Uniform($"wfe-lattice-{b}", 3 * 60, -4f, 4f));
            double[] a = [m[0], m[1], m[2]], bb = [m[3], m[4], m[5]], c = [m[6], m[7], m[8]];
            double[][] special =
            [
                a, [-a[0], -a[1], -a[2]], bb, c, [a[0] + bb[0], a[1] + bb[1], a[2] + bb[2]],
                [a[0] + bb[0] + c[0], a[1] + bb[1] + c[1], a[2] + bb[2] + c[2]],
                [a[0] + bb[0] - c[0], a[1] + bb[1] - c[1], a[2] + bb[2] - c[2]],
                [(bb[1] * c[2]) - (bb[2] * c[1]), (bb[2] * c[0]) - (bb[0] * c[2]), (bb[0] * c[1]) - (bb[1] * c[0])],
            ];
            foreach (var s in special)
            {
                v.AddRange(s.Select(x => (float)x));
            }

            crystal.AddRange(Enumerable.Repeat(b, 60 + special.Length));
        }

        return ([.. v], [.. crystal]);
    }

    private static double[] CubicCell() => [3.9, 0, 0, 0, 3.9, 0, 0, 0, 3.9];

    /// <summary>a, b, c of length 5 at 10° from z, 120° apart in azimuth: 17.3° between each pair (like mp-1103928).</summary>
    private static double[] RhombohedralCell()
    {
        var t = 10.0 * Math.PI / 180;
        return [.. Enumerable.Range(0, 3).SelectMany(k =>
        {
            var phi = 2 * Math.PI * k / 3;
            return new[] { 5 * Math.Sin(t) * Math.Cos(phi), 5 * Math.Sin(t) * Math.Sin(phi), 5 * Math.Cos(t) };
        })];
    }
}
