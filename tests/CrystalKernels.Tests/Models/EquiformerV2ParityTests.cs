using CrystalKernels.Tensors;
using CrystalKernels.Tests.Support;

namespace CrystalKernels.Tests.Models;

/// <summary>The fixture-small model with the fixture's weights against the reference's own numbers (model-small).</summary>
[Category(Categories.Parity)]
[Category(Categories.Data)]
public class EquiformerV2ParityTests
{
    private static readonly string[] Intermediates =
    [
        "x_after_embedding",
        "block0.norm_1", "block0.attention", "block0.norm_2", "block0.ffn", "block0.out", "block0.alpha",
        "block1.norm_1", "block1.attention", "block1.norm_2", "block1.ffn", "block1.out", "block1.alpha",
        "final_norm", "force_block", "force_block.alpha",
    ];

    [TestCaseSource(nameof(Intermediates))]
    public void Float64IntermediateMatches(string name)
    {
        var run = ModelSmallRun.Get(DType.Float64);
        var rel = ModelSmallFixture.RelativeToMaxAbs(run.Trace[name], ModelSmallFixture.Intermediates.Get(name));
        TestContext.Out.WriteLine($"{name}: {rel:E2}");
        Assert.That(rel, Is.LessThan(ModelTol.Float64Forward));
    }

    [Test]
    public void Float64Block0AttentionInternalsMatchOnTheDebugEdges()
    {
        var run = ModelSmallRun.Get(DType.Float64);
        var inter = ModelSmallFixture.Intermediates;
        var subset = inter.Get("debug_edge_subset");
        foreach (var what in new[] { "rotated_message", "conv1_out", "conv1_extra", "s2_act", "conv2_out" })
        {
            var ours = CrystalKernels.Tensors.Ops.Op.IndexSelect(null, run.Trace[$"block0.{what}"], subset);
            var rel = ModelSmallFixture.RelativeToMaxAbs(ours, inter.Get($"b0.{what}"));
            TestContext.Out.WriteLine($"b0.{what}: {rel:E2}");
            Assert.That(rel, Is.LessThan(ModelTol.Float64Forward), what);
        }

        Assert.That(ModelSmallFixture.RelativeToMaxAbs(run.Trace["block0.aggregated"], inter.Get("b0.aggregated")), Is.LessThan(ModelTol.Float64Forward));
    }

    [Test]
    public void Float64OutputsAndLossMatch()
    {
        var run = ModelSmallRun.Get(DType.Float64);
        var io = ModelSmallFixture.InputsOutputs;
        var logits = ModelSmallFixture.RelativeToMaxAbs(run.Logits, io.Get("species_logits"));
        var pos = ModelSmallFixture.RelativeToMaxAbs(run.Positions, io.Get("position_output"));
        TestContext.Out.WriteLine($"logits {logits:E2} positions {pos:E2} loss {run.Loss:R} vs {io.Get("loss").Item():R}");
        Assert.Multiple(() =>
        {
            Assert.That(logits, Is.LessThan(ModelTol.Float64Forward));
            Assert.That(pos, Is.LessThan(ModelTol.Float64Forward));
            Assert.That(run.Loss, Is.EqualTo(io.Get("loss").Item()).Within(ModelTol.Float64Forward).Percent);
            Assert.That(run.Nll, Is.EqualTo(io.Get("loss_species_nll").Item()).Within(ModelTol.Float64Forward).Percent);
            Assert.That(run.Mse, Is.EqualTo(io.Get("loss_position_mse").Item()).Within(ModelTol.Float64Forward).Percent);
        });
    }

    [Test]
    public void Float64ParameterGradientsMatch()
    {
        var run = ModelSmallRun.Get(DType.Float64);
        var worst = (Name: string.Empty, Rel: 0.0);
        foreach (var (name, expected) in ModelSmallFixture.Grads)
        {
            var rel = ModelSmallFixture.RelativeToMaxAbs(run.Grads[name], expected);
            if (rel > worst.Rel)
            {
                worst = (name, rel);
            }
        }

        TestContext.Out.WriteLine($"worst parameter gradient: {worst.Name} {worst.Rel:E2} over {ModelSmallFixture.Grads.Count} tensors");
        Assert.That(worst.Rel, Is.LessThan(ModelTol.Float64Gradient), worst.Name);
    }

    [Test]
    public void Float64PositionGradientWithDetachedFramesMatchesTheReference()
    {
        var run = ModelSmallRun.Get(DType.Float64);
        var rel = ModelSmallFixture.RelativeToMaxAbs(run.GradPos, ModelSmallFixture.InputsOutputs.Get("grad_pos_input"));
        TestContext.Out.WriteLine($"grad_pos_input {rel:E2}");
        Assert.That(rel, Is.LessThan(ModelTol.Float64Gradient));
    }

    [Test]
    public void Float64PositionGradientThroughTheFramesMatchesTheTrueDerivative()
    {
        var run = ModelSmallRun.Get(DType.Float64, frameGradient: true);
        var io = ModelSmallFixture.InputsOutputs;
        var rel = ModelSmallFixture.RelativeToMaxAbs(run.GradPos, io.Get("grad_pos_input_full_frames"));
        TestContext.Out.WriteLine($"grad_pos_input_full_frames {rel:E2}");
        Assert.That(rel, Is.LessThan(ModelTol.Float64Gradient));
        Assert.That(ModelSmallFixture.RelativeToMaxAbs(run.Logits, io.Get("species_logits")), Is.LessThan(ModelTol.Float64Forward));
    }

    [Test]
    public void Float32MatchesWithinFloat32Noise()
    {
        var run = ModelSmallRun.Get(DType.Float32);
        var io = ModelSmallFixture.InputsOutputs;
        var rows = new List<(string, double)>
        {
            ("species_logits", ModelSmallFixture.RelativeToMaxAbs(run.Logits, io.Get("species_logits"))),
            ("position_output", ModelSmallFixture.RelativeToMaxAbs(run.Positions, io.Get("position_output"))),
            ("grad_pos_input", ModelSmallFixture.RelativeToMaxAbs(run.GradPos, io.Get("grad_pos_input"))),
            ("loss", Math.Abs(run.Loss - io.Get("loss").Item()) / Math.Abs(io.Get("loss").Item())),
        };
        rows.AddRange(ModelSmallFixture.Grads.Select(kv => (kv.Key, ModelSmallFixture.RelativeToMaxAbs(run.Grads[kv.Key], kv.Value))));
        var worst = rows.MaxBy(r => r.Item2);
        TestContext.Out.WriteLine($"float32 worst: {worst.Item1} {worst.Item2:E2}; logits {rows[0].Item2:E2} positions {rows[1].Item2:E2} grad_pos {rows[2].Item2:E2}");
        Assert.That(worst.Item2, Is.LessThan(ModelTol.Float32), worst.Item1);
    }
}
