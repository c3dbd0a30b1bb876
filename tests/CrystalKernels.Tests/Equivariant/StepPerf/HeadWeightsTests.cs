using CrystalKernels.Equivariant.Ops;
using CrystalKernels.Tensors;
using CrystalKernels.Tensors.Autograd;
using CrystalKernels.Tensors.Random;
using CrystalKernels.Tests.Support;

namespace CrystalKernels.Tests.Equivariant.StepPerf;

public class HeadWeightsTests
{
    private static Tensor Random(ulong seed, params int[] shape)
    {
        var v = new double[shape.Aggregate(1, (a, b) => a * b)];
        RngStream.Create(seed, "head-weights").FillNormal(v);
        return Tensor.FromArray(v, shape);
    }

    [Test]
    public void ForwardScalesEachHeadsChannelsByItsWeight()
    {
        var (e, k, h, v) = (3, 5, 2, 4);
        var values = Random(1, e, k, h * v);
        var alpha = Random(2, e, h);
        var y = EqOp.HeadWeights(null, values, alpha).ToDoubleArray();
        var (x, a) = (values.ToDoubleArray(), alpha.ToDoubleArray());
        for (var i = 0; i < e; i++)
        {
            for (var j = 0; j < k; j++)
            {
                for (var c = 0; c < h * v; c++)
                {
                    var at = (((i * k) + j) * h * v) + c;
                    Assert.That(y[at], Is.EqualTo(x[at] * a[(i * h) + (c / v)]), $"edge {i} coefficient {j} channel {c}");
                }
            }
        }
    }

    [Test]
    [Category(Categories.GradCheck)]
    public void GradientsMatchFiniteDifferences()
    {
        var values = Random(3, 4, 3, 6);
        var alpha = Random(4, 4, 3);
        values.RequiresGrad = alpha.RequiresGrad = true;
        GradCheck.Assert("HeadWeights", (tape, xs) => EqOp.HeadWeights(tape, xs[0], xs[1]), values, alpha);
    }

    [Test]
    public void BadShapesNameTheOp()
    {
        var ex = Assert.Throws<ShapeMismatchException>(() => EqOp.HeadWeights(null, Random(5, 2, 3, 7), Random(6, 2, 2)));
        Assert.That(ex!.Message, Does.Contain("HeadWeights"));
    }
}
