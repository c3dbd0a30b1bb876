using CrystalKernels.Crystals;
using CrystalKernels.Crystals.Graph;
using CrystalKernels.Tensors;

namespace CrystalKernels.Tests.Graph;

public class GraphBatchTests
{
    [Test]
    public void ConcatenatesWithGlobalIndicesAndABatchWideCsr()
    {
        var list = new[] { RandomCrystals.Make(31, 3, 3, 6), RandomCrystals.Make(32, 1, 2, 3), RandomCrystals.Make(33, 5, 4, 8) };
        var graphs = list.Select(s => RadiusGraph.Build(s)).ToArray();
        var g = GraphBatch.Create(list, graphs);
        Assert.That(g.NodeOffsets, Is.EqualTo(new[] { 0, 3, 4, 9 }));
        Assert.That(g.EdgeOffsets[3], Is.EqualTo(graphs.Sum(x => x.EdgeCount)));
        Assert.That(g.Batch, Is.EqualTo(new[] { 0, 0, 0, 1, 2, 2, 2, 2, 2 }));
        Assert.That(g.RowPtr[^1], Is.EqualTo(g.EdgeCount));
        for (var i = 0; i < g.AtomCount; i++)
        {
            for (var e = g.RowPtr[i]; e < g.RowPtr[i + 1]; e++)
            {
                Assert.That(g.Target[e], Is.EqualTo(i));
                Assert.That(g.Batch[g.Source[e]], Is.EqualTo(g.Batch[i]), "edges never cross crystals");
            }
        }

        // Second crystal's edges = its own graph shifted by 3 atoms.
        var e0 = g.EdgeOffsets[1];
        Assert.That(g.Source[e0..g.EdgeOffsets[2]], Is.EqualTo(graphs[1].Source.Select(j => j + 3).ToArray()));
        Assert.That(g.EdgeVectors[(3 * e0)..(3 * g.EdgeOffsets[2])], Is.EqualTo(graphs[1].EdgeVectors));
    }

    [Test]
    public void OffsetCartesianPlusPositionsGivesTheEdgeVectors()
    {
        var list = new[] { RandomCrystals.Make(41, 4, 3, 6, unwrapped: true), RandomCrystals.Make(42, 2, 2, 5) };
        var g = GraphBatch.Build(list);
        for (var e = 0; e < g.EdgeCount; e++)
        {
            for (var d = 0; d < 3; d++)
            {
                var v = g.Positions[3 * g.Source[e] + d] - g.Positions[3 * g.Target[e] + d] + g.OffsetCartesian[3 * e + d];
                Assert.That(v, Is.EqualTo(g.EdgeVectors[3 * e + d]).Within(1e-12));
            }
        }
    }

    [TestCase(DType.Float32)]
    [TestCase(DType.Float64)]
    public void TensorsHaveInt32IndicesAndTheRequestedFloatType(DType floatType)
    {
        var list = new[] { RandomCrystals.Make(51, 3, 3, 6), RandomCrystals.Make(52, 2, 3, 5) };
        var g = GraphBatch.Build(list);
        var t = GraphTensors.From(g, floatType);
        Assert.That(t.EdgeSource.DType, Is.EqualTo(DType.Int32));
        Assert.That(t.CellOffsets.Shape, Is.EqualTo(new Shape(g.EdgeCount, 3)));
        Assert.That(t.RowPtr.Shape, Is.EqualTo(new Shape(g.AtomCount + 1)));
        Assert.That(t.NAtoms.Span<int>().ToArray(), Is.EqualTo(new[] { 3, 2 }));
        Assert.That(t.EdgeVectors.DType, Is.EqualTo(floatType));
        Assert.That(t.Cells.Shape, Is.EqualTo(new Shape(2, 3, 3)));
        Assert.That(t.Distances.ToDoubleArray(), Is.EqualTo(g.Distances).Within(floatType == DType.Float32 ? 1e-6 : 0));
        Assert.That(t.EdgeTarget.Span<int>().ToArray(), Is.EqualTo(g.Target));
    }

    [Test]
    public void MismatchedGraphIsAClearError()
    {
        var a = RandomCrystals.Make(61, 3, 3, 6);
        var b = RandomCrystals.Make(62, 2, 3, 6);
        var e = Assert.Throws<ArgumentException>(() => GraphBatch.Create([a], [RadiusGraph.Build(b)]))!;
        Assert.That(e.Message, Does.Contain("crystal 0"));
    }

    [Test]
    public void IsolatedAtomGivesAnEmptyGraphThatStillConverts()
    {
        var lonely = new Structure(Lattice.FromParameters(12, 12, 12, 90, 90, 90), [54], [Vec3.Zero]);
        var g = GraphBatch.Build([lonely, RandomCrystals.Make(71, 2, 3, 5)]);
        Assert.That(g.EdgesOf(0), Is.Zero);
        Assert.That(g.RowPtr[1], Is.Zero);
        var t = GraphTensors.From(g, DType.Float64);
        Assert.That(t.EdgeSource.Numel, Is.EqualTo(g.EdgeCount));
        Assert.That(g.EdgeCount, Is.GreaterThan(0));
        var empty = GraphTensors.From(GraphBatch.Build([lonely]));
        Assert.That(empty.EdgeVectors.Shape, Is.EqualTo(new Shape(0, 3)));
    }
}
