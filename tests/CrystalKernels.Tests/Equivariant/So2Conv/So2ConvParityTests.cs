using CrystalKernels.Equivariant.Layout;
using CrystalKernels.Equivariant.Nn;
using CrystalKernels.Equivariant.Ops;
using CrystalKernels.Equivariant.Radial;
using CrystalKernels.Tensors;
using CrystalKernels.Tensors.Ops;
using CrystalKernels.Tensors.Random;
using CrystalKernels.Tests.Support;

namespace CrystalKernels.Tests.Equivariant.So2Conv;

/// <summary>
/// Block 0's radial function and both SO(2) convolutions against the model-small fixture (edge_channels 24, C = 16,
/// 2 heads × 8 alpha + 16 gating extra outputs, 2 heads × 4 values) on its 11 debug edges, weights loaded by name.
/// </summary>
[Category(Categories.Parity)]
[Category(Categories.Data)]
public class So2ConvParityTests
{
    private static readonly SphericalLayout L6M2 = new(6, 2);

    [Test]
    public void RadialFunctionMatches()
    {
        var conv1 = Conv1(DType.Float64);
        var rad = conv1.RadFunc!.Forward(null, EdgeScalars(DType.Float64));
        var err = ModelSmallFixture.RelativeToMaxAbs(rad, ModelSmallFixture.Intermediates.Get("b0.radial"));
        TestContext.Out.WriteLine($"b0.radial [11, 576]: max abs diff / max abs {err:E2}");
        Assert.That(err, Is.LessThanOrEqualTo(So2ConvTol.Parity));
    }

    [Test]
    public void Conv1OutputAndExtraScalarsMatch()
    {
        var conv1 = Conv1(DType.Float64);
        var im = ModelSmallFixture.Intermediates;
        var (y, extra) = conv1.Forward(null, im.Get("b0.rotated_message"), EdgeScalars(DType.Float64));
        var errY = ModelSmallFixture.RelativeToMaxAbs(y, im.Get("b0.conv1_out"));
        var errE = ModelSmallFixture.RelativeToMaxAbs(extra!, im.Get("b0.conv1_extra"));
        TestContext.Out.WriteLine($"b0.conv1_out [11, 29, 16]: {errY:E2}; b0.conv1_extra [11, 32]: {errE:E2}");
        Assert.That(errY, Is.LessThanOrEqualTo(So2ConvTol.Parity));
        Assert.That(errE, Is.LessThanOrEqualTo(So2ConvTol.Parity));
    }

    [Test]
    public void Conv2OutputMatches()
    {
        var conv2 = Conv2(DType.Float64);
        var im = ModelSmallFixture.Intermediates;
        var (y, extra) = conv2.Forward(null, im.Get("b0.s2_act"), null);
        var err = ModelSmallFixture.RelativeToMaxAbs(y, im.Get("b0.conv2_out"));
        TestContext.Out.WriteLine($"b0.conv2_out [11, 29, 8]: {err:E2}");
        Assert.That(extra, Is.Null);
        Assert.That(err, Is.LessThanOrEqualTo(So2ConvTol.Parity));
    }

    [Test]
    public void Float32PortIsWithinTheReadmeTolerance()
    {
        // README: a float32 port vs these float64 fixtures to about 1e-4 relative to the tensor's max abs.
        var im = ModelSmallFixture.Intermediates;
        var conv1 = Conv1(DType.Float32);
        var conv2 = Conv2(DType.Float32);
        var (y1, extra) = conv1.Forward(null, im.Get("b0.rotated_message").To(DType.Float32), EdgeScalars(DType.Float32));
        var (y2, _) = conv2.Forward(null, im.Get("b0.s2_act").To(DType.Float32), null);
        var errs = new[]
        {
            ModelSmallFixture.RelativeToMaxAbs(y1, im.Get("b0.conv1_out")),
            ModelSmallFixture.RelativeToMaxAbs(extra!, im.Get("b0.conv1_extra")),
            ModelSmallFixture.RelativeToMaxAbs(y2, im.Get("b0.conv2_out")),
        };
        TestContext.Out.WriteLine($"float32 conv1_out {errs[0]:E2}, conv1_extra {errs[1]:E2}, conv2_out {errs[2]:E2}");
        Assert.That(errs, Is.All.LessThanOrEqualTo(So2ConvTol.Float32VsFixture));
    }

    [Test]
    public void ParameterNamesAndShapesAreTheFixtures()
    {
        var fixture = ModelSmallFixture.Params;
        foreach (var conv in new[] { Conv1(DType.Float64), Conv2(DType.Float64) })
        {
            var ours = conv.Parameters.Select(p => p.Name!).ToArray();
            var theirs = fixture.Keys.Where(k => k.StartsWith(conv.Name + ".", StringComparison.Ordinal)).ToArray();
            Assert.That(ours, Is.EquivalentTo(theirs), conv.Name);
        }
    }

    /// <summary>blocks.0.ga.so2_conv_1: 2C = 32 → H = 16, extra 2·8 + 16 = 32, radial [600 + 24 + 24, 24, 24] → 18·32.</summary>
    private static So2Convolution Conv1(DType dtype) =>
        Load(new So2Convolution("blocks.0.ga.so2_conv_1", L6M2, 32, 16, 32, [648, 24, 24], RngStream.Create(1, "init"), dtype));

    /// <summary>blocks.0.ga.so2_conv_2: H = 16 → 2·4 = 8, no extra, no radial.</summary>
    private static So2Convolution Conv2(DType dtype) =>
        Load(new So2Convolution("blocks.0.ga.so2_conv_2", L6M2, 16, 8, 0, null, RngStream.Create(2, "init"), dtype));

    private static So2Convolution Load(So2Convolution conv)
    {
        foreach (var p in conv.Parameters)
        {
            var src = ModelSmallFixture.Params.Get(p.Name!);
            Assert.That(p.Shape, Is.EqualTo(src.Shape), p.Name);
            p.CopyFrom(src);
        }

        return conv;
    }

    /// <summary>concat(g(d), E_src[Z_j], E_tgt[Z_i]) [11, 648] for the debug edges (§2.3), block 0's embeddings.</summary>
    private static Tensor EdgeScalars(DType dtype)
    {
        var (io, im, prm) = (ModelSmallFixture.InputsOutputs, ModelSmallFixture.Intermediates, ModelSmallFixture.Params);
        var subset = im.Get("debug_edge_subset").Span<int>().ToArray();
        var edgeIndex = im.Get("edge_index");
        var edges = edgeIndex.Shape[1];
        var (ei, z) = (edgeIndex.Span<int>().ToArray(), io.Get("atomic_numbers_input").Span<int>().ToArray());
        var dist = im.Get("edge_distance").ToDoubleArray();
        var d = Tensor.FromArray(subset.Select(e => dist[e]).ToArray()).To(dtype);
        var zSrc = Tensor.FromArray(subset.Select(e => z[ei[e]]).ToArray());
        var zDst = Tensor.FromArray(subset.Select(e => z[ei[edges + e]]).ToArray());
        return Op.Concat(null, 1,
            EqOp.GaussianBasis(null, d, GaussianSmearing.Paper),
            Op.IndexSelect(null, prm.Get("blocks.0.ga.source_embedding.weight").To(dtype), zSrc),
            Op.IndexSelect(null, prm.Get("blocks.0.ga.target_embedding.weight").To(dtype), zDst));
    }
}
