using CrystalKernels.Equivariant.Layout;
using CrystalKernels.Equivariant.Ops;

namespace CrystalKernels.Tests.Equivariant.Rotate;

/// <summary>The reduced l-major ↔ m-major coefficient permutation.</summary>
public class MMajorTests
{
    private static readonly SphericalLayout L6M2 = new(6, 2);

    [Test]
    public void ToMMajorGathersThePaperSpecOrder()
    {
        // paper-spec §3.3: m-major position p → reduced l-major index.
        int[] map = [0, 2, 6, 11, 16, 21, 26, 3, 7, 12, 17, 22, 27, 1, 5, 10, 15, 20, 25, 8, 13, 18, 23, 28, 4, 9, 14, 19, 24];
        var x = RotateTestData.Uniform(1, 3, 29, 5);
        var xs = x.ToDoubleArray();
        var y = EqOp.ToMMajor(null, x, L6M2).ToDoubleArray();
        var expected = new double[xs.Length];
        for (var r = 0; r < 3; r++)
        {
            for (var p = 0; p < 29; p++)
            {
                Array.Copy(xs, ((r * 29) + map[p]) * 5, expected, ((r * 29) + p) * 5, 5);
            }
        }

        Assert.That(y, Is.EqualTo(expected));
    }

    [TestCase(6, 2)]
    [TestCase(4, 4)]
    [TestCase(5, 1)]
    public void FromMMajorInvertsToMMajor(int lMax, int mMax)
    {
        var layout = new SphericalLayout(lMax, mMax);
        var x = RotateTestData.Uniform(2, 4, layout.KReduced, 9);
        var there = EqOp.ToMMajor(null, x, layout);
        Assert.Multiple(() =>
        {
            Assert.That(EqOp.FromMMajor(null, there, layout).ToDoubleArray(), Is.EqualTo(x.ToDoubleArray()));
            Assert.That(EqOp.ToMMajor(null, EqOp.FromMMajor(null, x, layout), layout).ToDoubleArray(), Is.EqualTo(x.ToDoubleArray()));
        });
    }

    [Test]
    public void WrongCoefficientCountNamesTheOp() =>
        Assert.That(() => EqOp.ToMMajor(null, RotateTestData.Uniform(3, 2, 49, 4), L6M2),
            Throws.TypeOf<CrystalKernels.Tensors.ShapeMismatchException>().With.Message.Contains("ToMMajor").And.Message.Contains("[E, 29, C]"));
}
