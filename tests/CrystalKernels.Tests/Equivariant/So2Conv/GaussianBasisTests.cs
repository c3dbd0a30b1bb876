using CrystalKernels.Equivariant.Ops;
using CrystalKernels.Equivariant.Radial;
using CrystalKernels.Tensors;
using CrystalKernels.Tensors.Autograd;
using CrystalKernels.Tests.Support;

namespace CrystalKernels.Tests.Equivariant.So2Conv;

/// <summary>EqOp.GaussianBasis: values per the §2.3 formula, float32 build constants, gradient w.r.t. the distance.</summary>
public class GaussianBasisTests
{
    private static readonly double[] Distances = [0.0, 0.7, 1.234567, 2.5, 3.00417, 4.99, 5.0, 5.3];

    [Test]
    public void Float64MatchesTheFormulaWithTheFloat64BuildCoefficient()
    {
        var g = GaussianSmearing.Paper;
        var y = EqOp.GaussianBasis(null, Tensor.FromArray(Distances), g).ToDoubleArray();
        var mu = g.Centres();
        Assert.That(g.Coefficient, Is.EqualTo(-1794.005).Within(1e-3));
        var err = 0.0;
        for (var e = 0; e < Distances.Length; e++)
        {
            for (var k = 0; k < g.Count; k++)
            {
                var x = Distances[e] - mu[k];
                err = Math.Max(err, Math.Abs(y[(e * g.Count) + k] - Math.Exp(g.Coefficient * (x * x))));
            }
        }

        Assert.That(err, Is.EqualTo(0.0), "same operations in the same order");

        // The peak sits at the nearest centre: d = 2.5 is centre 299.5 → between 299 and 300; d = 0 is centre 0 exactly.
        Assert.That(y[0], Is.EqualTo(1.0));
        Assert.That(y[(6 * g.Count) + g.Count - 1], Is.EqualTo(1.0), "d = 5 Å hits the last centre exactly");
    }

    [Test]
    public void Float32UsesTheFloat32BuildCentresAndCoefficient()
    {
        var g = GaussianSmearing.Paper;
        var d32 = Array.ConvertAll(Distances, v => (float)v);
        var y = EqOp.GaussianBasis(null, Tensor.FromArray(d32), g).ToFloatArray();
        var mu = g.Float32Centres();
        var coeff = (float)g.Float32BuildCoefficient;
        Assert.That(coeff, Is.EqualTo(-1794.004804f).Within(1e-3f));
        var err = 0.0;
        for (var e = 0; e < d32.Length; e++)
        {
            for (var k = 0; k < g.Count; k++)
            {
                var x = (float)(d32[e] - mu[k]);
                var reference = Math.Exp((double)(float)(coeff * (x * x)));
                err = Math.Max(err, Math.Abs(y[(e * g.Count) + k] - reference));
            }
        }

        TestContext.Out.WriteLine($"float32 Gaussian basis vs double formula on float32 inputs: max abs err {err:E2}");
        Assert.That(err, Is.LessThanOrEqualTo(So2ConvTol.GaussianFloat32Abs));
    }

    [Test]
    [Category(Categories.GradCheck)]
    public void GradientWithRespectToDistance()
    {
        // A coarse basis (width 0.9 Å) so every Gaussian sees several distances, and the paper's sharp one.
        var coarse = new GaussianSmearing(0.0, 5.0, 12, 2.0);
        var d = GradCheck.Random(7, 0.0, 5.0, 6);
        GradCheck.Assert("GaussianBasis(coarse)", (tape, xs) => EqOp.GaussianBasis(tape, xs[0], coarse), d);
        GradCheck.Assert("GaussianBasis(paper)", (tape, xs) => EqOp.GaussianBasis(tape, xs[0], GaussianSmearing.Paper), d);
    }

    [Test]
    public void BadShapeNamesTheOp()
    {
        var ex = Assert.Throws<ShapeMismatchException>(() => EqOp.GaussianBasis(null, Tensor.Zeros(new Shape(3, 1), DType.Float64), GaussianSmearing.Paper));
        Assert.That(ex!.Message, Does.Contain("GaussianBasis").And.Contain("[E]"));
    }

    [Test]
    public void NoRecordWithoutGrad()
    {
        using var tape = new Tape();
        var y = EqOp.GaussianBasis(tape, Tensor.FromArray(Distances), GaussianSmearing.Paper);
        Assert.That(y.RequiresGrad, Is.False);
        Assert.That(tape.NodeCount, Is.EqualTo(0));
    }
}
