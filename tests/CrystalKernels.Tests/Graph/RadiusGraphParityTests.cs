using CrystalKernels.Crystals.Graph;
using CrystalKernels.Tests.Support;

namespace CrystalKernels.Tests.Graph;

/// <summary>The radius graph against the reference fixture: every variant, edge for edge and in the reference order.</summary>
[Category(Categories.Parity)]
[Category(Categories.Data)]
public class RadiusGraphParityTests
{
    [Test]
    public void FullGraphMatchesTheReferenceEdgeForEdgeInOrder()
    {
        var fx = GraphFixture.Load();
        var g = GraphBatch.Build(fx.Structures, 5.0, RadiusGraph.ModelMaxNeighbors, strict: true);
        AssertSameEdgeList(fx, g, "");
        Assert.That(g.Distances.Max(), Is.LessThanOrEqualTo(5.0));
    }

    [Test]
    public void NonStrictMax12MatchesTheReferenceEdgeForEdgeInOrder()
    {
        var fx = GraphFixture.Load();
        var g = GraphBatch.Build(fx.Structures, 5.0, 12, strict: false);
        AssertSameEdgeList(fx, g, "_max12_nonstrict");
    }

    [Test]
    public void StrictMax12AgreesWithTheReferenceOutsideDegenerateShells()
    {
        var fx = GraphFixture.Load();
        var full = GraphBatch.Build(fx.Structures, 5.0);
        var cut = GraphBatch.Build(fx.Structures, 5.0, 12, strict: true);
        var refKept = fx.Ints("max12_kept");
        var degenerate = fx.Ints("max12_degenerate");
        var kth = fx.Doubles("max12_kth_dist2");
        Assert.That(full.EdgeCount, Is.EqualTo(refKept.Length));

        // Which full-list edges survived here: the cut list is an order-preserving subsequence of the full list.
        var kept = new int[full.EdgeCount];
        var keys = cut.EdgeCount;
        for (int e = 0, c = 0; e < full.EdgeCount && c < keys; e++)
        {
            if (SameEdge(full, e, cut, c))
            {
                kept[e] = 1;
                c++;
            }
        }

        Assert.That(kept.Sum(), Is.EqualTo(cut.EdgeCount), "strict max-12 edges are not a subsequence of the full graph");
        Assert.That(cut.EdgeCount, Is.EqualTo(fx.Ints("edge_src_max12").Length));
        Assert.That(Enumerable.Range(0, cut.AtomCount).Select(i => cut.RowPtr[i + 1] - cut.RowPtr[i]), Is.EqualTo(fx.Ints("in_degree_max12")));
        var degenerateSeen = 0;
        for (var e = 0; e < full.EdgeCount; e++)
        {
            var i = full.Target[e];
            var d2 = full.Distances[e] * full.Distances[e];
            if (degenerate[e] == 1)
            {
                degenerateSeen++;
                Assert.That(Math.Abs(d2 - kth[i]), Is.LessThanOrEqualTo(Tol.DegenerateShellD2), $"edge {e} is marked degenerate but is off the 12th shell");
                continue;
            }

            Assert.That(kept[e], Is.EqualTo(refKept[e]), $"edge {e} (centre {i}, d² {d2:R}, 12th d² {kth[i]:R})");
            if (!double.IsNaN(kth[i]))
            {
                Assert.That(kept[e] == 1 ? d2 <= kth[i] + Tol.DegenerateShellD2 : d2 >= kth[i] - Tol.DegenerateShellD2, Is.True, $"edge {e}: kept={kept[e]} d² {d2:R} vs 12th {kth[i]:R}");
            }
        }

        Assert.That(degenerateSeen, Is.GreaterThan(0), "the fixture's degenerate shells were not exercised");
    }

    [Test]
    public void ImageRangesAndCountsMatchTheManifest()
    {
        var fx = GraphFixture.Load();
        var reps = fx.Ints("image_reps");
        for (var b = 0; b < fx.Structures.Count; b++)
        {
            var (r1, r2, r3) = RadiusGraph.ImageRanges(fx.Structures[b].Lattice);
            Assert.That(new[] { r1, r2, r3 }, Is.EqualTo(reps[(3 * b)..(3 * b + 3)]), $"structure {b}");
        }

        var g = GraphBatch.Build(fx.Structures);
        Assert.That(Enumerable.Range(0, g.CrystalCount).Select(g.EdgesOf), Is.EqualTo(fx.Ints("neighbors_per_structure")));
        Assert.That(Enumerable.Range(0, g.AtomCount).Select(i => g.RowPtr[i + 1] - g.RowPtr[i]), Is.EqualTo(fx.Ints("in_degree")));
        Assert.That(g.Batch, Is.EqualTo(fx.Ints("batch")));
        Assert.That(g.EdgeCount, Is.EqualTo(904));
    }

    private static void AssertSameEdgeList(GraphFixture fx, GraphBatch g, string suffix)
    {
        var src = fx.Ints("edge_src" + suffix);
        var dst = fx.Ints("edge_dst" + suffix);
        var off = fx.Ints("cell_offsets" + suffix);
        var vec = fx.Doubles("edge_vec" + suffix);
        var offCart = fx.Doubles("offset_cart" + suffix);
        var dist = fx.Doubles("distance" + suffix);
        Assert.That(g.EdgeCount, Is.EqualTo(src.Length), "edge count");
        Assert.That(g.Source, Is.EqualTo(src), "edge_src" + suffix);
        Assert.That(g.Target, Is.EqualTo(dst), "edge_dst" + suffix);
        Assert.That(g.CellOffsets, Is.EqualTo(off), "cell_offsets" + suffix);
        Assert.That(MaxAbsDiff(g.EdgeVectors, vec), Is.LessThanOrEqualTo(Tol.GraphGeometry), "edge_vec" + suffix);
        Assert.That(MaxAbsDiff(g.OffsetCartesian, offCart), Is.LessThanOrEqualTo(Tol.GraphGeometry), "offset_cart" + suffix);
        Assert.That(MaxAbsDiff(g.Distances, dist), Is.LessThanOrEqualTo(Tol.GraphGeometry), "distance" + suffix);
        Assert.That(Enumerable.Range(0, g.CrystalCount).Select(g.EdgesOf), Is.EqualTo(fx.Ints("neighbors_per_structure" + suffix)));
    }

    private static bool SameEdge(GraphBatch a, int ea, GraphBatch b, int eb) =>
        a.Source[ea] == b.Source[eb] && a.Target[ea] == b.Target[eb] && a.CellOffsets[3 * ea] == b.CellOffsets[3 * eb] &&
        a.CellOffsets[3 * ea + 1] == b.CellOffsets[3 * eb + 1] && a.CellOffsets[3 * ea + 2] == b.CellOffsets[3 * eb + 2];

    private static double MaxAbsDiff(double[] a, double[] b)
    {
        Assert.That(a.Length, Is.EqualTo(b.Length));
        var m = 0.0;
        for (var i = 0; i < a.Length; i++)
        {
            m = Math.Max(m, Math.Abs(a[i] - b[i]));
        }

        return m;
    }
}
