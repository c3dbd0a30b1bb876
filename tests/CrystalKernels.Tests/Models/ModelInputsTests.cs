using CrystalKernels.Crystals.Graph;
using CrystalKernels.Models.Inputs;
using CrystalKernels.Tensors;
using CrystalKernels.Tensors.Autograd;
using CrystalKernels.Tensors.Ops;
using CrystalKernels.Tests.Support;

namespace CrystalKernels.Tests.Models;

public class ModelInputsTests
{
    [Test]
    [Category(Categories.Data)]
    [Category(Categories.Parity)]
    public void EdgesVectorsAndDistancesMatchModelSmall()
    {
        var inter = ModelSmallFixture.Intermediates;
        var inputs = ModelInputs.FromGraph(null, ModelSmallBatch.Graph, DType.Float64);
        var edgeIndex = inter.Get("edge_index").Span<int>().ToArray();
        var e = inputs.EdgeCount;
        Assert.That(e, Is.EqualTo(376));
        Assert.That(inputs.EdgeSource.Span<int>().ToArray(), Is.EqualTo(edgeIndex[..e]));
        Assert.That(inputs.EdgeTarget.Span<int>().ToArray(), Is.EqualTo(edgeIndex[e..]));
        Assert.That(inputs.Graph.CellOffsets, Is.EqualTo(inter.Get("cell_offsets").Span<int>().ToArray()));
        Assert.That(ModelSmallFixture.RelativeToMaxAbs(inputs.EdgeVectors, inter.Get("edge_vec")), Is.LessThan(1e-14));
        Assert.That(ModelSmallFixture.RelativeToMaxAbs(inputs.Distances, inter.Get("edge_distance")), Is.LessThan(1e-14));
        Assert.That(inputs.Species!.Span<int>().ToArray(), Is.EqualTo(ModelSmallFixture.InputsOutputs.Get("atomic_numbers_input").Span<int>().ToArray()));

        // Destination-sorted CSR over the targets.
        var rowPtr = inputs.RowPtr.Span<int>().ToArray();
        var dst = inputs.EdgeTarget.Span<int>().ToArray();
        for (var i = 0; i < inputs.AtomCount; i++)
        {
            for (var k = rowPtr[i]; k < rowPtr[i + 1]; k++)
            {
                Assert.That(dst[k], Is.EqualTo(i));
            }
        }
    }

    [Test]
    [Category(Categories.Data)]
    [Category(Categories.Parity)]
    public void GraphFixtureEdgesMatchInFloat64AndFloat32()
    {
        var fixture = CrystalKernels.Tests.Graph.GraphFixture.Load();
        var graph = GraphBatch.Build(fixture.Structures, 5.0, 500);
        foreach (var dtype in new[] { DType.Float64, DType.Float32 })
        {
            var inputs = ModelInputs.FromGraph(null, graph, dtype);
            Assert.That(inputs.EdgeSource.Span<int>().ToArray(), Is.EqualTo(fixture.Ints("edge_src")));
            Assert.That(inputs.EdgeTarget.Span<int>().ToArray(), Is.EqualTo(fixture.Ints("edge_dst")));
            var tol = dtype == DType.Float64 ? 1e-14 : 1e-6;
            Assert.That(ModelSmallFixture.RelativeToMaxAbs(inputs.OffsetCartesian, fixture.Tensors["offset_cart"]), Is.LessThan(tol), dtype.ToString());
            Assert.That(ModelSmallFixture.RelativeToMaxAbs(inputs.EdgeVectors, fixture.Tensors["edge_vec"]), Is.LessThan(tol), dtype.ToString());
            Assert.That(ModelSmallFixture.RelativeToMaxAbs(inputs.Distances, fixture.Tensors["distance"]), Is.LessThan(tol), dtype.ToString());
        }
    }

    [Test]
    [Category(Categories.GradCheck)]
    [Category(Categories.Data)]
    public void EdgeGeometryIsDifferentiableInPositions()
    {
        var graph = ModelSmallBatch.Graph;
        var pos = Tensor.FromArray((double[])graph.Positions.Clone(), graph.AtomCount, 3);
        pos.RequiresGrad = true;
        GradCheck.Assert("ModelInputs.edge_vec", (tape, x) => ModelInputs.Build(tape, graph, x[0]).EdgeVectors, pos);
        GradCheck.Assert("ModelInputs.distance", (tape, x) => ModelInputs.Build(tape, graph, x[0]).Distances, pos);
    }

    [Test]
    [Category(Categories.Data)]
    public void PositionGradientReachesTheLeaf()
    {
        using var tape = new Tape();
        var inputs = ModelInputs.FromGraph(tape, ModelSmallBatch.Graph, DType.Float64, positionGradient: true);
        tape.Backward(Op.SumAll(tape, inputs.Distances));
        var g = inputs.Positions.Grad!.ToDoubleArray();
        // Σ_e |r_e| is translation invariant: the gradients of each crystal sum to zero; the 1-atom Fe cell gets none.
        var offsets = inputs.Graph.NodeOffsets;
        for (var b = 0; b < inputs.CrystalCount; b++)
        {
            for (var k = 0; k < 3; k++)
            {
                var s = 0.0;
                for (var a = offsets[b]; a < offsets[b + 1]; a++)
                {
                    s += g[(3 * a) + k];
                }

                Assert.That(s, Is.EqualTo(0).Within(1e-12));
            }
        }

        Assert.That(g.Max(Math.Abs), Is.GreaterThan(0.1));
        Assert.That(g[(3 * offsets[1])..(3 * offsets[2])], Is.All.EqualTo(0.0).Within(1e-12));
    }

    [Test]
    public void WrongPositionShapeIsRejected()
    {
        var g = GraphBatch.Build([new CrystalKernels.Crystals.Structure(CrystalKernels.Crystals.Lattice.FromParameters(3, 3, 3, 90, 90, 90), [26], [CrystalKernels.Crystals.Vec3.Zero])]);
        Assert.That(() => ModelInputs.Build(null, g, Tensor.Zeros(new Shape(2, 3), DType.Float64)), Throws.InstanceOf<ShapeMismatchException>().With.Message.Contains("[1, 3]"));
    }
}
