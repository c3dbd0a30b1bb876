using CrystalKernels.Equivariant.Layout;
using CrystalKernels.Equivariant.Ops;
using CrystalKernels.Tensors;
using CrystalKernels.Tensors.Autograd;
using CrystalKernels.Tensors.Backends.Cpu;

namespace CrystalKernels.Tests.Equivariant.Rotate;

/// <summary>EqOp.Rotate / RotateInv against the dense reference matrices, their algebra, and their input checks.</summary>
public class RotateOpTests
{
    private static readonly SphericalLayout L6M2 = new(6, 2);

    // 37 channels: several Vector<T> widths plus a scalar tail for both dtypes.
    [TestCase(6, 2, 37)]
    [TestCase(4, 1, 5)]
    [TestCase(3, 3, 1)]
    public void RotateEqualsTheDenseTruncatedMatrix(int lMax, int mMax, int c)
    {
        var layout = new SphericalLayout(lMax, mMax);
        var w = RotateTestData.Wigner(1, 9, layout);
        var x = RotateTestData.Uniform(2, 9, layout.K, c);
        var y = EqOp.Rotate(null, x, w.Blocks, layout);
        Assert.That(y.Shape.Dims.ToArray(), Is.EqualTo(new[] { 9, layout.KReduced, c }));
        var expected = RotateTestData.DenseApply(RotateTestData.DenseMatrices(w, inverse: false), layout.KReduced, layout.K, x.ToDoubleArray(), 9, c);
        Assert.That(RotateTestData.RelMax(y.ToDoubleArray(), expected), Is.LessThanOrEqualTo(RotateTol.DenseFloat64));
    }

    [TestCase(6, 2, 37)]
    [TestCase(4, 1, 5)]
    [TestCase(3, 3, 1)]
    public void RotateInvEqualsTheDenseRescaledTranspose(int lMax, int mMax, int c)
    {
        var layout = new SphericalLayout(lMax, mMax);
        var w = RotateTestData.Wigner(3, 9, layout);
        var y = RotateTestData.Uniform(4, 9, layout.KReduced, c);
        var z = EqOp.RotateInv(null, y, w.Blocks, layout);
        Assert.That(z.Shape.Dims.ToArray(), Is.EqualTo(new[] { 9, layout.K, c }));
        var expected = RotateTestData.DenseApply(RotateTestData.DenseMatrices(w, inverse: true), layout.K, layout.KReduced, y.ToDoubleArray(), 9, c);
        Assert.That(RotateTestData.RelMax(z.ToDoubleArray(), expected), Is.LessThanOrEqualTo(RotateTol.DenseFloat64));
    }

    [Test]
    public void WithoutTruncationRotateInvUndoesRotate()
    {
        // M = L: D is the whole orthogonal matrix and the rescale is 1, so Dᵀ D x = x.
        var layout = new SphericalLayout(6, 6);
        var w = RotateTestData.Wigner(5, 7, layout);
        var x = RotateTestData.Uniform(6, 7, layout.K, 11);
        var back = EqOp.RotateInv(null, EqOp.Rotate(null, x, w.Blocks, layout), w.Blocks, layout);
        Assert.That(RotateTestData.RelMax(back.ToDoubleArray(), x.ToDoubleArray()), Is.LessThanOrEqualTo(RotateTol.OrthogonalityFloat64));
    }

    [Test]
    public void RotateAfterRotateInvIsTheRescale()
    {
        // The kept rows of each D^l are orthonormal, so D_red (D_redᵀ ⊙ S) y = S_l y per degree.
        var w = RotateTestData.Wigner(7, 7, L6M2);
        var y = RotateTestData.Uniform(8, 7, L6M2.KReduced, 6);
        var again = EqOp.Rotate(null, EqOp.RotateInv(null, y, w.Blocks, L6M2), w.Blocks, L6M2).ToDoubleArray();
        var ys = y.ToDoubleArray();
        var l = L6M2.ReducedL();
        var s = CrystalKernels.Equivariant.So3.RotateInvRescale.PerDegree(L6M2);
        var expected = ys.Select((v, i) => v * s[l[(i / 6) % L6M2.KReduced]]).ToArray();
        Assert.That(RotateTestData.RelMax(again, expected), Is.LessThanOrEqualTo(RotateTol.OrthogonalityFloat64));
    }

    [Test]
    public void ResultsDoNotDependOnTheThreadCount()
    {
        // 900 edges at 8 channels are several parallel chunks.
        var w = RotateTestData.Wigner(9, 900, L6M2);
        var x = RotateTestData.Uniform(10, 900, L6M2.K, 8);
        var threads = CpuParallel.Threads;
        double[] one, many;
        try
        {
            CpuParallel.Threads = 1;
            one = RunWithGrads(x, w.Blocks);
            CpuParallel.Threads = Math.Max(2, threads);
            many = RunWithGrads(x, w.Blocks);
        }
        finally
        {
            CpuParallel.Threads = threads;
        }

        Assert.That(many, Is.EqualTo(one));
    }

    [Test]
    public void BadShapesNameTheOp()
    {
        var w = RotateTestData.Wigner(11, 4, L6M2);
        var x = RotateTestData.Uniform(12, 4, L6M2.K, 3);
        Assert.Multiple(() =>
        {
            Assert.That(() => EqOp.Rotate(null, RotateTestData.Uniform(1, 4, 48, 3), w.Blocks, L6M2),
                Throws.TypeOf<ShapeMismatchException>().With.Message.Contains("Rotate").And.Message.Contains("[E, 49, C]"));
            Assert.That(() => EqOp.Rotate(null, RotateTestData.Uniform(1, 5, 49, 3), w.Blocks, L6M2),
                Throws.TypeOf<ShapeMismatchException>().With.Message.Contains("blocks must be [5, 235]"));
            Assert.That(() => EqOp.Rotate(null, x.To(DType.Float32), w.Blocks, L6M2),
                Throws.TypeOf<ShapeMismatchException>().With.Message.Contains("dtype"));
            Assert.That(() => EqOp.RotateInv(null, x, w.Blocks, L6M2),
                Throws.TypeOf<ShapeMismatchException>().With.Message.Contains("RotateInv").And.Message.Contains("[E, 29, C]"));
        });
    }

    /// <summary>Rotate → RotateInv with gradients w.r.t. x and blocks; all values concatenated.</summary>
    private static double[] RunWithGrads(Tensor x0, Tensor blocks0)
    {
        var (x, blocks) = (x0.To(DType.Float64), blocks0.To(DType.Float64));
        x.RequiresGrad = blocks.RequiresGrad = true;
        using var tape = new Tape();
        var z = EqOp.RotateInv(tape, EqOp.Rotate(tape, x, blocks, L6M2), blocks, L6M2);
        tape.Backward(z, RotateTestData.Uniform(13, z.Shape.Dims.ToArray()));
        return [.. z.ToDoubleArray(), .. x.Grad!.ToDoubleArray(), .. blocks.Grad!.ToDoubleArray()];
    }
}
