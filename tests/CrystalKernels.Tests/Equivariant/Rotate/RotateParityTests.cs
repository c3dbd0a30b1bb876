using CrystalKernels.Equivariant.Frames;
using CrystalKernels.Equivariant.Layout;
using CrystalKernels.Equivariant.Ops;
using CrystalKernels.Equivariant.Wigner;
using CrystalKernels.Tensors;
using CrystalKernels.Tests.Support;

namespace CrystalKernels.Tests.Equivariant.Rotate;

/// <summary>
/// EqOp.Rotate / RotateInv on EdgeWigner blocks against the reference: the wigner fixture's dense per-edge matrices
/// applied to random features, and block 0's rotated attention message of model-small.
/// </summary>
[Category(Categories.Parity)]
[Category(Categories.Data)]
public class RotateParityTests
{
    private static readonly SphericalLayout L6M2 = new(6, 2);
    private const int C = 7;

    [Test]
    public void RotateMatchesTheFixturesRotateMatrix() => CompareWithFixture(inverse: false);

    [Test]
    public void RotateInvMatchesTheFixturesRotateInvMatrix() => CompareWithFixture(inverse: true);

    [Test]
    public void Block0RotatedMessageMatchesModelSmall()
    {
        // b0.rotated_message[k] = Rotate(concat over channels (x[src], x[dst])) of block0.norm_1, edge k of debug_edge_subset.
        var im = ModelSmallFixture.Intermediates;
        var x = im.Get("block0.norm_1");
        var (k, ch) = (x.Shape.Dims[1], x.Shape.Dims[2]);
        var xs = x.Span<double>();
        var edgeIndex = im.Get("edge_index").Span<int>();
        var edgeCount = im.Get("edge_index").Shape.Dims[1];
        var subset = im.Get("debug_edge_subset").Span<int>().ToArray();
        var vec = im.Get("edge_vec").Span<double>();
        var message = new double[subset.Length * k * 2 * ch];
        var r = new double[subset.Length * 3];
        for (var i = 0; i < subset.Length; i++)
        {
            var (e, src, dst) = (subset[i], edgeIndex[subset[i]], edgeIndex[edgeCount + subset[i]]);
            vec.Slice(3 * e, 3).CopyTo(r.AsSpan(3 * i, 3));
            for (var coef = 0; coef < k; coef++)
            {
                xs.Slice(((src * k) + coef) * ch, ch).CopyTo(message.AsSpan(((i * k) + coef) * 2 * ch, ch));
                xs.Slice(((dst * k) + coef) * ch, ch).CopyTo(message.AsSpan((((i * k) + coef) * 2 * ch) + ch, ch));
            }
        }

        var w = EdgeWigner.Compute(Tensor.FromArray(r, subset.Length, 3), L6M2, RollVector.Fixture, DType.Float64);
        var rotated = EqOp.Rotate(null, Tensor.FromArray(message, subset.Length, k, 2 * ch), w.Blocks, L6M2);
        var expected = im.Get("b0.rotated_message");
        Assert.That(rotated.Shape, Is.EqualTo(expected.Shape));
        var err = ModelSmallFixture.RelativeToMaxAbs(rotated, expected);
        TestContext.Out.WriteLine($"b0.rotated_message max abs err / max abs {err:E2}");
        Assert.That(err, Is.LessThanOrEqualTo(RotateTol.Fixture));
    }

    private static void CompareWithFixture(bool inverse)
    {
        var fx = So3Fixture.Wigner();
        var w = EdgeWignerParityTests.Compute(fx, DType.Float64);
        var e = w.EdgeCount;
        var (rows, cols) = inverse ? (L6M2.K, L6M2.KReduced) : (L6M2.KReduced, L6M2.K);
        var input = RotateTestData.Uniform(31, e, cols, C);
        var ours = (inverse ? EqOp.RotateInv(null, input, w.Blocks, L6M2) : EqOp.Rotate(null, input, w.Blocks, L6M2)).ToDoubleArray();
        var reference = RotateTestData.DenseApply(fx.Doubles(inverse ? "rotate_inv_matrix" : "rotate_matrix"), rows, cols, input.ToDoubleArray(), e, C);
        var scale = reference.Max(Math.Abs);
        var (far, near) = (0.0, 0.0);
        for (var i = 0; i < e; i++)
        {
            var err = Diff.MaxAbs(ours.AsSpan(i * rows * C, rows * C), reference.AsSpan(i * rows * C, rows * C)) / scale;
            if (Math.Abs(w.Frames[(i * 9) + 4]) >= 0.999)
            {
                near = Math.Max(near, err);
            }
            else
            {
                far = Math.Max(far, err);
            }
        }

        TestContext.Out.WriteLine($"{(inverse ? "rotate_inv" : "rotate")} on {e} fixture edges, max abs err / max abs: away from poles {far:E2}, within 1e-3 rad {near:E2}");
        Assert.That(far, Is.LessThanOrEqualTo(RotateTol.Fixture));
        Assert.That(near, Is.LessThanOrEqualTo(RotateTol.FixtureNearPole));
    }
}
