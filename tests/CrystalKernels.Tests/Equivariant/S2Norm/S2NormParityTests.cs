using CrystalKernels.Equivariant.Grids;
using CrystalKernels.Equivariant.Nn;
using CrystalKernels.Tensors;
using CrystalKernels.Tensors.Autograd;
using CrystalKernels.Tensors.Nn;
using CrystalKernels.Tensors.Ops;
using CrystalKernels.Tensors.Random;
using CrystalKernels.Tests.Support;

namespace CrystalKernels.Tests.Equivariant.S2Norm;

/// <summary>
/// The norms, FFNs and the attention S2 activation of the model-small reference (2 blocks, C = 16, F = 32), fed with the
/// fixture's own intermediates and weights loaded by name, in float64 (≈1e-12) and float32 (≈1e-4).
/// </summary>
[Category(Categories.Parity)]
[Category(Categories.Data)]
public class S2NormParityTests
{
    private static readonly S2Grid FfnGrid = S2Grid.Create(6, 6);
    private static readonly S2Grid AttentionGrid = S2Grid.Create(6, 2);

    [TestCase("blocks.0.norm_1", "x_after_embedding", null, "block0.norm_1")]
    [TestCase("blocks.0.norm_2", "x_after_embedding", "block0.attention", "block0.norm_2")]
    [TestCase("blocks.1.norm_1", "block0.out", null, "block1.norm_1")]
    [TestCase("blocks.1.norm_2", "block0.out", "block1.attention", "block1.norm_2")]
    [TestCase("norm", "block1.out", null, "final_norm")]
    public void Norm(string module, string input, string? residual, string expected)
    {
        foreach (var dtype in new[] { DType.Float64, DType.Float32 })
        {
            var norm = new EquivariantRmsNorm(module, 6, 16, 1e-5, dtype);
            Load(norm.Parameters);
            var x = Intermediate(input, dtype);
            if (residual is not null)
            {
                x = Op.Add(null, x, Intermediate(residual, dtype));
            }

            Check($"{module} ({dtype})", norm.Forward(null, x), ModelSmallFixture.Intermediates.Get(expected), dtype);
        }
    }

    [TestCase("blocks.0.ffn", "block0.norm_2", "block0.ffn")]
    [TestCase("blocks.1.ffn", "block1.norm_2", "block1.ffn")]
    public void FeedForward(string module, string input, string expected)
    {
        foreach (var dtype in new[] { DType.Float64, DType.Float32 })
        {
            var ffn = new FeedForwardNetwork(module, 6, 16, 32, 16, FfnGrid, RngStream.Create(0, module), dtype);
            Load(ffn.Parameters);
            Check($"{module} ({dtype})", ffn.Forward(null, Intermediate(input, dtype)), ModelSmallFixture.Intermediates.Get(expected), dtype);
        }
    }

    [Test]
    public void AttentionSeparableS2Activation()
    {
        // conv1_extra = [alpha features: heads 2 × alpha 8 = 16 | gating: attn_hidden 16] (manifest).
        foreach (var dtype in new[] { DType.Float64, DType.Float32 })
        {
            var extra = Intermediate("b0.conv1_extra", dtype);
            Assert.That(extra.Shape.ToArray(), Is.EqualTo(new[] { 11, 32 }));
            var gating = Op.Slice(null, extra, 1, 16, 16);
            var act = new SeparableS2Activation(AttentionGrid);
            var y = act.Forward(null, gating, Intermediate("b0.conv1_out", dtype));
            Check($"b0.s2_act ({dtype})", y, ModelSmallFixture.Intermediates.Get("b0.s2_act"), dtype);
        }
    }

    [Test]
    public void OutputBlockLogitsAndParameterGradients()
    {
        foreach (var dtype in new[] { DType.Float64, DType.Float32 })
        {
            var head = new FeedForwardNetwork("output_block", 6, 16, 32, 118, FfnGrid, RngStream.Create(0, "output_block"), dtype);
            Load(head.Parameters);
            Parameter.ZeroGrad(head.Parameters);
            using var tape = new Tape();
            var nodeOut = head.Forward(tape, Intermediate("final_norm", dtype));
            var logits = Op.Reshape(tape, Op.Slice(tape, nodeOut, 1, 0, 1), nodeOut.Shape[0], 118);
            Check($"species_logits ({dtype})", logits, ModelSmallFixture.InputsOutputs.Get("species_logits"), dtype);

            // The species NLL is the only loss term that reaches output_block, so its parameter gradients are the
            // fixture's dL/dθ exactly.
            var loss = Op.CrossEntropy(tape, logits, ModelSmallFixture.InputsOutputs.Get("target_species"));
            Assert.That(loss.Item(), Is.EqualTo(ModelSmallFixture.InputsOutputs.Get("loss_species_nll").Item())
                .Within(dtype == DType.Float64 ? 1e-12 : 1e-5), $"species NLL ({dtype})");
            tape.Backward(loss);
            foreach (var p in head.Parameters)
            {
                var rel = ModelSmallFixture.RelativeToMaxAbs(p.Grad!, ModelSmallFixture.Grads.Get(p.Name!));
                TestContext.Out.WriteLine($"grad {p.Name} ({dtype}): {rel:E2}");
                Assert.That(rel, Is.LessThanOrEqualTo(dtype == DType.Float64 ? S2NormTol.Float64GradParity : S2NormTol.Float32Parity), $"grad {p.Name} ({dtype})");
            }
        }
    }

    private static void Load(IEnumerable<Tensor> parameters)
    {
        foreach (var p in parameters)
        {
            var src = ModelSmallFixture.Params.Get(p.Name!);
            Assert.That(src.Shape, Is.EqualTo(p.Shape), $"shape of {p.Name}");
            p.CopyFrom(src);
        }
    }

    private static Tensor Intermediate(string name, DType dtype) => ModelSmallFixture.Intermediates.Get(name).To(dtype);

    private static void Check(string what, Tensor actual, Tensor expected, DType dtype)
    {
        var rel = ModelSmallFixture.RelativeToMaxAbs(actual, expected);
        TestContext.Out.WriteLine($"{what}: {rel:E2} relative to max abs");
        Assert.That(rel, Is.LessThanOrEqualTo(dtype == DType.Float64 ? S2NormTol.Float64Parity : S2NormTol.Float32Parity), what);
    }
}
