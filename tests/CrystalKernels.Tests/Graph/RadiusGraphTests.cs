using CrystalKernels.Crystals;
using CrystalKernels.Crystals.Graph;
using CrystalKernels.Tests.Support;

namespace CrystalKernels.Tests.Graph;

public class RadiusGraphTests
{
    private static IEnumerable<TestCaseData> Crystals()
    {
        // (seed, atoms, min length, max length, unwrapped): very short vectors need many images; long ones use bins.
        yield return new TestCaseData(1UL, 1, 1.1, 2.0, false).SetName("OneAtomTinyCell");
        yield return new TestCaseData(2UL, 2, 0.9, 3.0, true).SetName("ShortVectorsUnwrapped");
        yield return new TestCaseData(3UL, 7, 2.0, 9.0, false).SetName("MixedCell");
        yield return new TestCaseData(4UL, 60, 12.0, 22.0, false).SetName("LargeCellBinned");
        yield return new TestCaseData(5UL, 40, 10.0, 16.0, true).SetName("LargeCellUnwrapped");
        yield return new TestCaseData(6UL, 3, 1.5, 25.0, true).SetName("NeedleCell");
    }

    [TestCaseSource(nameof(Crystals))]
    public void MatchesBruteForceEnumerationInReferenceOrder(ulong seed, int atoms, double minLen, double maxLen, bool unwrapped)
    {
        var s = RandomCrystals.Make(seed, atoms, minLen, maxLen, unwrapped);
        var g = RadiusGraph.Build(s, 5.0);
        var expected = BruteForceGraph.Edges(s, 5.0)
            .OrderBy(e => e.I).ThenBy(e => e.J).ThenBy(e => e.N1).ThenBy(e => e.N2).ThenBy(e => e.N3).ToList();
        Assert.That(expected, Is.Not.Empty);
        Assert.That(g.EdgeCount, Is.EqualTo(expected.Count), s.ToString());
        for (var e = 0; e < g.EdgeCount; e++)
        {
            var x = expected[e];
            Assert.That((g.Target[e], g.Source[e], g.CellOffsets[3 * e], g.CellOffsets[3 * e + 1], g.CellOffsets[3 * e + 2]),
                Is.EqualTo((x.I, x.J, x.N1, x.N2, x.N3)), $"edge {e}");
            Assert.That(g.Distances[e], Is.EqualTo(Math.Sqrt(x.D2)).Within(Tol.GraphGeometry));
        }

        for (var i = 0; i < s.Count; i++)
        {
            Assert.That(Enumerable.Range(g.RowPtr[i], g.InDegree(i)).All(e => g.Target[e] == i), Is.True, $"CSR row {i}");
        }
    }

    [Test]
    public void EdgeVectorIsSourceMinusTargetPlusImageAndEveryEdgeHasItsReverse()
    {
        var s = RandomCrystals.Make(11, 9, 3.0, 8.0, unwrapped: true);
        var g = RadiusGraph.Build(s);
        var lat = s.Lattice;
        var keys = new Dictionary<(int, int, int, int, int), int>();
        for (var e = 0; e < g.EdgeCount; e++)
        {
            var (n1, n2, n3) = (g.CellOffsets[3 * e], g.CellOffsets[3 * e + 1], g.CellOffsets[3 * e + 2]);
            var v = s.Positions[g.Source[e]] - s.Positions[g.Target[e]] + (n1 * lat.A + n2 * lat.B + n3 * lat.C);
            Assert.That(new Vec3(g.EdgeVectors[3 * e], g.EdgeVectors[3 * e + 1], g.EdgeVectors[3 * e + 2]) - v, Has.Property("Norm").LessThan(Tol.GraphGeometry));
            keys[(g.Source[e], g.Target[e], n1, n2, n3)] = e;
        }

        for (var e = 0; e < g.EdgeCount; e++)
        {
            var back = keys[(g.Target[e], g.Source[e], -g.CellOffsets[3 * e], -g.CellOffsets[3 * e + 1], -g.CellOffsets[3 * e + 2])];
            Assert.That(g.Distances[back], Is.EqualTo(g.Distances[e]).Within(Tol.GraphGeometry));
        }
    }

    [Test]
    public void OneAtomCellHasOnlySymmetricSelfImages()
    {
        // Simple cubic, a = 2 Å: shells at 2 (6), 2√2 (12), 2√3 (8), 4 (6), 2√5 (24), 2√6 (24) Å within 5 Å → 80 edges.
        var s = new Structure(Lattice.FromParameters(2, 2, 2, 90, 90, 90), [26], [new Vec3(0.3, 0.1, 0.2)]);
        var g = RadiusGraph.Build(s, 5.0);
        Assert.That(g.EdgeCount, Is.EqualTo(6 + 12 + 8 + 6 + 24 + 24));
        Assert.That(g.Source.All(j => j == 0) && g.Target.All(i => i == 0), Is.True);
        Assert.That(g.CellOffsets.Sum(), Is.EqualTo(0));
        Assert.That(g.Distances.Min(), Is.EqualTo(2.0).Within(1e-12));
    }

    [Test]
    public void MaxNeighborsStrictKeepsKNearestAndNonStrictKeepsWholeShells()
    {
        var s = new Structure(Lattice.FromParameters(2, 2, 2, 90, 90, 90), [26], [Vec3.Zero]);
        var strict = RadiusGraph.Build(s, 5.0, maxNeighbors: 4, strict: true);
        var loose = RadiusGraph.Build(s, 5.0, maxNeighbors: 4, strict: false);
        var eight = RadiusGraph.Build(s, 5.0, maxNeighbors: 8, strict: false);
        Assert.That(strict.EdgeCount, Is.EqualTo(4));
        Assert.That(strict.Distances.All(d => Math.Abs(d - 2) < 1e-12), Is.True);
        Assert.That(loose.EdgeCount, Is.EqualTo(6), "the 5th nearest is in the 2 Å shell: the whole shell stays");
        Assert.That(eight.EdgeCount, Is.EqualTo(18), "the 9th nearest is in the 2√2 shell: 6 + 12 stay");

        // Deterministic tie-break inside the degenerate shell: the first 4 in reference order (j, n1, n2, n3).
        var full = RadiusGraph.Build(s, 5.0);
        var firstFour = Enumerable.Range(0, full.EdgeCount).Where(e => Math.Abs(full.Distances[e] - 2) < 1e-12).Take(4)
            .Select(e => full.CellOffsets[(3 * e)..(3 * e + 3)]).ToArray();
        Assert.That(Enumerable.Range(0, 4).Select(e => strict.CellOffsets[(3 * e)..(3 * e + 3)]).ToArray(), Is.EqualTo(firstFour));
    }

    [Test]
    public void BuildManyIsIdenticalForAnyThreadCount()
    {
        var list = Enumerable.Range(0, 24).Select(k => RandomCrystals.Make((ulong)(100 + k), 1 + k % 9, 2.0, 9.0, k % 2 == 0)).ToList();
        var one = RadiusGraph.BuildMany(list, maxDegreeOfParallelism: 1);
        var many = RadiusGraph.BuildMany(list, maxDegreeOfParallelism: 4);
        for (var k = 0; k < list.Count; k++)
        {
            Assert.That(many[k].Source, Is.EqualTo(one[k].Source));
            Assert.That(many[k].CellOffsets, Is.EqualTo(one[k].CellOffsets));
            Assert.That(many[k].EdgeVectors, Is.EqualTo(one[k].EdgeVectors));
        }
    }

    [Test]
    public void MovingAnAtomByALatticeVectorOnlyShiftsItsOffsets()
    {
        var s = RandomCrystals.Make(21, 5, 3.0, 7.0);
        var moved = s.With(positions: s.Positions.Select((p, a) => a == 2 ? p + s.Lattice.B - 2 * s.Lattice.C : p).ToArray());
        var g = RadiusGraph.Build(s);
        var h = RadiusGraph.Build(moved);
        Assert.That(h.EdgeCount, Is.EqualTo(g.EdgeCount));
        var gv = Enumerable.Range(0, g.EdgeCount).Select(e => (g.Target[e], g.Source[e], Math.Round(g.Distances[e], 9))).OrderBy(x => x).ToArray();
        var hv = Enumerable.Range(0, h.EdgeCount).Select(e => (h.Target[e], h.Source[e], Math.Round(h.Distances[e], 9))).OrderBy(x => x).ToArray();
        Assert.That(hv, Is.EqualTo(gv));
        var shifted = Enumerable.Range(0, h.EdgeCount).Count(e => h.Source[e] == 2 && h.Target[e] != 2 && h.CellOffsets[3 * e + 1] != g.CellOffsets[3 * e + 1]);
        Assert.That(shifted, Is.GreaterThan(0));
    }

    [Test]
    public void BadCutoffIsAClearError()
    {
        var s = RandomCrystals.Make(1, 2, 3, 4);
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => RadiusGraph.Build(s, 0))!;
        Assert.That(e.Message, Does.Contain("cutoff"));
    }
}
