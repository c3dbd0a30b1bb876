using CrystalKernels.Crystals;
using CrystalKernels.Crystals.Graph;
using CrystalKernels.Models.Config;
using CrystalKernels.Models.EquiformerV2;
using CrystalKernels.Models.Inputs;
using CrystalKernels.Models.Parameters;
using CrystalKernels.Tensors;
using CrystalKernels.Tensors.Autograd;
using CrystalKernels.Tensors.Ops;
using CrystalKernels.Tensors.Random;
using CrystalKernels.Tests.Support;

namespace CrystalKernels.Tests.Models;

/// <summary>The model on small synthetic crystals: structure, heads, options, init, gradients.</summary>
public class EquiformerV2ModelTests
{
    private static readonly RngStream Init = RngStream.Create(7, "model-tests");

    /// <summary>Two small crystals (a 2-atom and a 3-atom cell) with a 3.5 Å graph, tiny enough for finite differences.</summary>
    internal static GraphBatch TwoCrystals(double cutoff = 3.5)
    {
        var a = new Structure(Lattice.FromParameters(3.1, 3.3, 3.6, 88, 93, 91), [3, 8], [new Vec3(0.1, 0.2, 0.05), new Vec3(1.6, 1.4, 1.9)]);
        var b = new Structure(Lattice.FromParameters(3.4, 3.2, 3.9, 90, 95, 89), [26, 0, 14],
            [new Vec3(0, 0.1, 0), new Vec3(1.7, 0.2, 1.1), new Vec3(0.9, 1.8, 2.4)]);
        return GraphBatch.Build([a, b], cutoff, 500);
    }

    [TestCase("tiny")]
    [TestCase("small")]
    [TestCase("fixture-small")]
    public void BuiltParametersAreExactlyTheShapeTable(string preset)
    {
        var config = ModelPresets.Named(preset);
        var model = new EquiformerV2Model(config, Init, DType.Float32);
        var expected = ModelParameterShapes.For(config).Parameters;
        var actual = model.Parameters.ToList();
        Assert.That(actual.Select(p => p.Name), Is.EqualTo(expected.Select(p => p.Name)));
        for (var i = 0; i < actual.Count; i++)
        {
            Assert.That(actual[i].Shape.ToArray(), Is.EqualTo(expected[i].Shape), expected[i].Name);
        }
    }

    [Test]
    public void InitFollowsTheReferenceRules()
    {
        var model = new EquiformerV2Model(ModelPresets.FixtureSmall, Init, DType.Float64);
        var p = model.Parameters.ToDictionary(t => t.Name!, t => t.ToDoubleArray());
        Assert.Multiple(() =>
        {
            Assert.That(p["edge_degree_embedding.source_embedding.weight"].Max(Math.Abs), Is.LessThanOrEqualTo(0.001).And.GreaterThan(0.0009));
            Assert.That(p["blocks.0.ga.target_embedding.weight"].Max(Math.Abs), Is.LessThanOrEqualTo(0.001));
            Assert.That(p["blocks.0.ga.alpha_dot"].Max(Math.Abs), Is.LessThanOrEqualTo(1 / Math.Sqrt(8)));
            Assert.That(p["blocks.0.ga.alpha_norm.weight"], Is.All.EqualTo(1.0));
            Assert.That(p["blocks.0.norm_1.affine_weight"], Is.All.EqualTo(1.0));
            Assert.That(p["blocks.0.ga.so2_conv_1.fc_m0.bias"], Is.All.EqualTo(0.0));
            var sphere = p["sphere_embedding.weight"];
            Assert.That(Math.Sqrt(sphere.Select(x => x * x).Average()), Is.EqualTo(1.0).Within(0.1), "N(0, 1)");
            var w = p["blocks.0.ga.so2_conv_2.fc_m0.weight"];
            Assert.That(Math.Sqrt(w.Select(x => x * x).Average()) * Math.Sqrt(7 * 16), Is.EqualTo(1.0).Within(0.1), "N(0, 1/in)");
        });
        // Different embedding tables draw different values.
        Assert.That(p["blocks.0.ga.source_embedding.weight"], Is.Not.EqualTo(p["blocks.0.ga.target_embedding.weight"]));
        Assert.That(p["blocks.0.ga.source_embedding.weight"], Is.Not.EqualTo(p["blocks.1.ga.source_embedding.weight"]));
    }

    [Test]
    public void SpeciesAndPositionHeadsHaveTheirShapes()
    {
        var g = TwoCrystals();
        var model = new EquiformerV2Model(ModelPresets.Tiny, Init, DType.Float64);
        var outputs = model.Forward(null, ModelInputs.FromGraph(null, g, DType.Float64));
        Assert.That(outputs.Output.Shape.ToArray(), Is.EqualTo(new[] { 5, 118 }));
        Assert.That(outputs.Positions!.Shape.ToArray(), Is.EqualTo(new[] { 5, 3 }));
        Assert.That(outputs.Output.ToDoubleArray(), Has.All.Matches<double>(double.IsFinite));
    }

    [TestCase(GraphAggregation.Reference)]
    [TestCase(GraphAggregation.Mean)]
    public void GraphHeadAggregatesTheNodeHeadPerCrystal(GraphAggregation aggregation)
    {
        var g = TwoCrystals();
        var nodeConfig = ModelPresets.Tiny with { Output = new OutputHead(OutputHeadKind.Node, 3), PositionHead = false };
        var graphConfig = ModelPresets.Tiny with { Output = OutputHead.Graph(3, GraphTask.Regression, aggregation), PositionHead = false };
        var node = new EquiformerV2Model(nodeConfig, Init, DType.Float64);
        var graph = new EquiformerV2Model(graphConfig, Init, DType.Float64);
        Assert.That(graph.PositionBlock, Is.Null);
        var inputs = ModelInputs.FromGraph(null, g, DType.Float64);
        var perAtom = node.Forward(null, inputs).Output.ToDoubleArray();
        var perCrystal = graph.Forward(null, inputs);
        Assert.That(perCrystal.Positions, Is.Null);
        Assert.That(perCrystal.Output.Shape.ToArray(), Is.EqualTo(new[] { 2, 3 }));
        var got = perCrystal.Output.ToDoubleArray();
        for (var b = 0; b < 2; b++)
        {
            for (var k = 0; k < 3; k++)
            {
                var sum = Enumerable.Range(g.NodeOffsets[b], g.AtomsOf(b)).Sum(a => perAtom[(3 * a) + k]);
                var expected = aggregation == GraphAggregation.Reference ? sum / 77.81317 : sum / g.AtomsOf(b);
                Assert.That(got[(3 * b) + k], Is.EqualTo(expected).Within(1e-14 * Math.Max(1, Math.Abs(expected))));
            }
        }
    }

    [Test]
    public void OneHotSoftSpeciesEqualsHardSpeciesAndCarriesAGradient()
    {
        var g = TwoCrystals();
        var model = new EquiformerV2Model(ModelPresets.Tiny, Init, DType.Float64);
        var hard = model.Forward(null, ModelInputs.FromGraph(null, g, DType.Float64));
        var oneHot = new double[g.AtomCount * 119];
        for (var a = 0; a < g.AtomCount; a++)
        {
            oneHot[(a * 119) + g.Species[a]] = 1.0;
        }

        var soft = Tensor.FromArray(oneHot, g.AtomCount, 119);
        soft.RequiresGrad = true;
        using var tape = new Tape();
        var pos = Tensor.FromArray((double[])g.Positions.Clone(), g.AtomCount, 3);
        var out2 = model.Forward(tape, ModelInputs.Build(tape, g, pos, soft));
        Assert.That(ModelSmallFixtureFree.MaxAbsDiff(out2.Output, hard.Output), Is.LessThan(1e-13));
        Assert.That(ModelSmallFixtureFree.MaxAbsDiff(out2.Positions!, hard.Positions!), Is.LessThan(1e-13));
        tape.Backward(Op.SumAll(tape, out2.Output));
        Assert.That(soft.Grad!.ToDoubleArray().Max(Math.Abs), Is.GreaterThan(0));
    }

    [Test]
    public void TrainingWithZeroRatesEqualsEvalAndDropoutIsReproducible()
    {
        var g = TwoCrystals();
        var inputs = ModelInputs.FromGraph(null, g, DType.Float64);
        var eval = new EquiformerV2Model(ModelPresets.Tiny, Init, DType.Float64).Forward(null, inputs);
        var zero = new EquiformerV2Model(ModelPresets.Tiny with { AlphaDrop = 0, DropPathRate = 0 }, Init, DType.Float64)
            .Forward(null, inputs, new ForwardOptions { Training = true });
        Assert.That(zero.Output.ToDoubleArray(), Is.EqualTo(eval.Output.ToDoubleArray()));

        var noisy = ModelPresets.Tiny with { AlphaDrop = 0.5, DropPathRate = 0.5 };
        var model = new EquiformerV2Model(noisy, Init, DType.Float64);
        var step1 = new ForwardOptions { Training = true, Dropout = RngStream.Create(3, "dropout").Sub(1) };
        var step2 = step1 with { Dropout = RngStream.Create(3, "dropout").Sub(2) };
        var a = model.Forward(null, inputs, step1).Output.ToDoubleArray();
        var b = model.Forward(null, inputs, step1).Output.ToDoubleArray();
        var c = model.Forward(null, inputs, step2).Output.ToDoubleArray();
        var e = model.Forward(null, inputs).Output.ToDoubleArray();
        Assert.That(a, Is.EqualTo(b), "same stream, same draws");
        Assert.That(a, Is.Not.EqualTo(c), "another step draws anew");
        Assert.That(a, Is.Not.EqualTo(e), "training differs from eval");
    }

    [Test]
    public void GraphDropPathDropsOrScalesWholeCrystals()
    {
        var g = TwoCrystals();
        var inputs = ModelInputs.FromGraph(null, g, DType.Float64);
        var x = Tensor.Ones(new Shape(g.AtomCount, 4, 2), DType.Float64);
        var seen = new HashSet<double>();
        for (ulong s = 0; s < 40; s++)
        {
            var y = GraphDropPath.Apply(null, x, 0.5, RngStream.Create(s, "dp"), inputs, training: true).ToDoubleArray();
            for (var b = 0; b < 2; b++)
            {
                var vals = y[(8 * g.NodeOffsets[b])..(8 * g.NodeOffsets[b + 1])].Distinct().ToArray();
                Assert.That(vals, Has.Length.EqualTo(1), "one draw per crystal");
                Assert.That(vals[0], Is.EqualTo(0.0).Or.EqualTo(2.0));
                seen.Add(vals[0]);
            }
        }

        Assert.That(seen, Is.EquivalentTo(new[] { 0.0, 2.0 }));
    }

    [Test]
    [Category(Categories.GradCheck)]
    public void PositionGradientThroughTheFramesMatchesFiniteDifferences()
    {
        var g = TwoCrystals(3.0);
        var model = new EquiformerV2Model(ModelPresets.Tiny, Init, DType.Float64);
        var pos = Tensor.FromArray((double[])g.Positions.Clone(), g.AtomCount, 3);
        pos.RequiresGrad = true;
        var options = new ForwardOptions { FrameGradient = true };
        GradCheck.Assert("EquiformerV2(pos)", (tape, x) =>
        {
            var o = model.Forward(tape, ModelInputs.Build(tape, g, x[0]), options);
            return Op.Concat(tape, 1, o.Output, o.Positions!);
        }, pos);
    }

    [Test]
    public void StrictLoadingNamesMissingAndMismatchedTensors()
    {
        var model = new EquiformerV2Model(ModelPresets.Tiny, Init, DType.Float32);
        var state = model.Parameters.ToDictionary(p => p.Name!, p => p.To(DType.Float64));
        state.Remove("norm.affine_bias");
        Assert.That(() => ModelWeights.Load(model.Parameters, state), Throws.InstanceOf<InvalidDataException>().With.Message.Contains("norm.affine_bias"));
        var (missing, _) = ModelWeights.Load(model.Parameters, state, strict: false);
        Assert.That(missing, Is.EqualTo(new[] { "norm.affine_bias" }));
        state["norm.affine_bias"] = Tensor.Zeros(new Shape(3), DType.Float64);
        Assert.That(() => ModelWeights.Load(model.Parameters, state), Throws.InstanceOf<ShapeMismatchException>().With.Message.Contains("norm.affine_bias"));
    }

    [Test]
    public void SaveThenLoadRoundTrips()
    {
        var a = new EquiformerV2Model(ModelPresets.Tiny, Init, DType.Float32);
        var b = new EquiformerV2Model(ModelPresets.Tiny, RngStream.Create(8, "other"), DType.Float32);
        var path = Path.Combine(Path.GetTempPath(), $"ck-model-{Guid.NewGuid():N}.safetensors");
        try
        {
            ModelWeights.Save(a, path);
            ModelWeights.Load(b, path);
            var inputs = ModelInputs.FromGraph(null, TwoCrystals(), DType.Float32);
            Assert.That(b.Forward(null, inputs).Output.ToFloatArray(), Is.EqualTo(a.Forward(null, inputs).Output.ToFloatArray()));
        }
        finally
        {
            File.Delete(path);
        }
    }
}

/// <summary>Small comparison helper for tests that do not read the fixture.</summary>
internal static class ModelSmallFixtureFree
{
    public static double MaxAbsDiff(Tensor a, Tensor b)
    {
        var (x, y) = (a.ToDoubleArray(), b.ToDoubleArray());
        return x.Zip(y, (p, q) => Math.Abs(p - q)).Max();
    }
}
