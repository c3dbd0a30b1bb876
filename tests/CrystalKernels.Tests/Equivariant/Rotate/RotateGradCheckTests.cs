using CrystalKernels.Equivariant.Frames;
using CrystalKernels.Equivariant.Layout;
using CrystalKernels.Equivariant.Ops;
using CrystalKernels.Equivariant.Wigner;
using CrystalKernels.Tensors;
using CrystalKernels.Tests.Support;

namespace CrystalKernels.Tests.Equivariant.Rotate;

/// <summary>Float64 finite-difference checks of every eqrot op w.r.t. every differentiable input.</summary>
[Category(Categories.GradCheck)]
public class RotateGradCheckTests
{
    private static readonly SphericalLayout L6M2 = new(6, 2);

    // Blocks are random (not orthogonal): the ops are bilinear in (features, blocks) whatever the blocks are.
    [TestCase(6, 2)]
    [TestCase(3, 1)]
    public void Rotate(int lMax, int mMax)
    {
        var layout = new SphericalLayout(lMax, mMax);
        var x = GradCheck.Random(1, -1, 1, 3, layout.K, 3);
        var b = GradCheck.Random(2, -1, 1, 3, layout.TruncatedRotationSize);
        GradCheck.Assert("Rotate", (tape, xs) => EqOp.Rotate(tape, xs[0], xs[1], layout), x, b);
    }

    [TestCase(6, 2)]
    [TestCase(3, 1)]
    public void RotateInv(int lMax, int mMax)
    {
        var layout = new SphericalLayout(lMax, mMax);
        var y = GradCheck.Random(3, -1, 1, 3, layout.KReduced, 3);
        var b = GradCheck.Random(4, -1, 1, 3, layout.TruncatedRotationSize);
        GradCheck.Assert("RotateInv", (tape, xs) => EqOp.RotateInv(tape, xs[0], xs[1], layout), y, b);
    }

    [Test]
    public void ToMMajor() =>
        GradCheck.Assert("ToMMajor", (tape, xs) => EqOp.ToMMajor(tape, xs[0], L6M2), GradCheck.Random(5, -1, 1, 2, 29, 3));

    [Test]
    public void FromMMajor() =>
        GradCheck.Assert("FromMMajor", (tape, xs) => EqOp.FromMMajor(tape, xs[0], L6M2), GradCheck.Random(6, -1, 1, 2, 29, 3));

    [TestCase(0.2)]
    [TestCase(0.05)]
    public void SmoothLeakyRelu(double alpha) =>
        GradCheck.Assert("SmoothLeakyRelu", (tape, xs) => EqOp.SmoothLeakyRelu(tape, xs[0], alpha), GradCheck.Random(7, -6, 6, 5, 23));

    [Test]
    public void EdgeVectorThroughWignerRotateAndBack()
    {
        // d/d(edge_vec) through the whole frame construction (roll choice fixed) and every op of this folder:
        // EdgeWigner → Rotate → ToMMajor → SmoothLeakyRelu → FromMMajor → RotateInv; also d/dx.
        var r = RotateTestData.Edges(8, 4);
        r.RequiresGrad = true;
        var x = GradCheck.Random(9, -1, 1, 4, L6M2.K, 2);
        GradCheck.Assert("EdgeWigner→Rotate→…→RotateInv", (tape, xs) =>
        {
            var blocks = EdgeWigner.Compute(tape, xs[0], L6M2, RollVector.Fixture, DType.Float64).Blocks;
            var m = EqOp.ToMMajor(tape, EqOp.Rotate(tape, xs[1], blocks, L6M2), L6M2);
            var back = EqOp.FromMMajor(tape, EqOp.SmoothLeakyRelu(tape, m), L6M2);
            return EqOp.RotateInv(tape, back, blocks, L6M2);
        }, r, x);
    }
}
