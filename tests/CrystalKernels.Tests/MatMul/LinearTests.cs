using CrystalKernels.Tensors;
using CrystalKernels.Tensors.Autograd;
using CrystalKernels.Tensors.Ops;
using CrystalKernels.Tensors.Random;
using CrystalKernels.Tests.Reduce;
using CrystalKernels.Tests.Support;

namespace CrystalKernels.Tests.MatMul;

public class LinearTests
{
    [Test]
    [Category(Categories.GradCheck)]
    public void LinearWithAndWithoutBiasAnyLeadingShape([Values(false, true)] bool bias, [Values(0, 1, 2)] int xShape)
    {
        int[][] shapes = [[4], [3, 4], [2, 3, 4]];
        var x = GradCheck.Random(61, -1, 1, shapes[xShape]);
        var w = GradCheck.Random(62, -1, 1, 5, 4);
        var b = GradCheck.Random(63, -1, 1, 5);
        if (bias)
        {
            GradCheck.Assert("Linear(bias)", (t, xs) => Op.Linear(t, xs[0], xs[1], xs[2]), x, w, b);
        }
        else
        {
            GradCheck.Assert("Linear", (t, xs) => Op.Linear(t, xs[0], xs[1]), x, w);
        }
    }

    [Test]
    public void HandValues()
    {
        // y = x Wᵀ + b with W [out 2, in 3].
        var x = Tensor.FromArray(new double[] { 1, 2, 3, -1, 0, 1 }, 2, 3);
        var w = Tensor.FromArray(new double[] { 1, 0, 0, 1, 1, 1 }, 2, 3);
        var b = Tensor.FromArray(new double[] { 10, 20 }, 2);
        Assert.That(Op.Linear(null, x, w, b).ToDoubleArray(), Is.EqualTo(new double[] { 11, 26, 9, 20 }));
        Assert.That(Op.Linear(null, x, w).ToDoubleArray(), Is.EqualTo(new double[] { 1, 6, -1, 0 }));
    }

    [Test]
    public void ShapeErrorsNameTheOp()
    {
        var w = Tensor.Zeros(new Shape(5, 4), DType.Float32);
        var e = Assert.Throws<ShapeMismatchException>(() => Op.Linear(null, Tensor.Zeros(new Shape(2, 3), DType.Float32), w))!;
        Assert.That(e.Message, Does.Contain("Linear").And.Contain("[2, 3]").And.Contain("[5, 4]"));
        e = Assert.Throws<ShapeMismatchException>(() => Op.Linear(null, Tensor.Zeros(new Shape(2, 4), DType.Float32), w, Tensor.Zeros(new Shape(4), DType.Float32)))!;
        Assert.That(e.Message, Does.Contain("Linear").And.Contain("bias"));
    }

    [Test]
    public void ModuleNamesShapesAndInit()
    {
        var layer = new CrystalKernels.Tensors.Nn.Linear("head.proj", 256, 64, RngStream.Create(7, "init"));
        Assert.That(layer.NamedParameters.Select(p => p.Name), Is.EqualTo(new[] { "head.proj.weight", "head.proj.bias" }));
        Assert.That(layer.Weight.Shape, Is.EqualTo(new Shape(64, 256)));
        Assert.That(layer.Bias!.Shape, Is.EqualTo(new Shape(64)));
        Assert.That(layer.Bias.ToDoubleArray(), Is.All.EqualTo(0.0));
        Assert.That(layer.NamedParameters.All(p => p.Value.IsParameter), Is.True);

        // N(0, 1/in): 16,384 draws estimate the std to about 0.6 %; 3 % is five standard errors.
        var w = layer.Weight.ToDoubleArray();
        var mean = w.Average();
        var std = Math.Sqrt(w.Select(v => (v - mean) * (v - mean)).Average());
        Assert.That(std, Is.EqualTo(1.0 / 16).Within(0.03 / 16));
        Assert.That(Math.Abs(mean), Is.LessThan(5.0 / 16 / 128));

        var noBias = new CrystalKernels.Tensors.Nn.Linear("l", 3, 2, RngStream.Create(7, "init"), bias: false);
        Assert.That(noBias.NamedParameters.Select(p => p.Name), Is.EqualTo(new[] { "l.weight" }));
        Assert.That(noBias.Bias, Is.Null);
    }

    [Test]
    public void ModuleForwardAndBackwardReachTheParameters()
    {
        var layer = new CrystalKernels.Tensors.Nn.Linear("l", 4, 3, RngStream.Create(8, "init"), dtype: DType.Float64);
        var x = GradCheck.Random(64, -1, 1, 2, 5, 4);
        using var tape = new Tape();
        var y = layer.Forward(tape, x);
        Assert.That(y.Shape, Is.EqualTo(new Shape(2, 5, 3)));
        tape.Backward(Op.SumAll(tape, y));
        // d Σy / db = number of rows; d Σy / dW[o, i] = Σ_r x[r, i].
        Assert.That(layer.Bias!.Grad!.ToDoubleArray(), Is.All.EqualTo(10.0).Within(1e-12));
        var colSums = Op.Sum(null, x.View(10, 4), 0).ToDoubleArray();
        var dw = layer.Weight.Grad!.ToDoubleArray();
        for (var o = 0; o < 3; o++)
        {
            for (var i = 0; i < 4; i++)
            {
                Assert.That(dw[o * 4 + i], Is.EqualTo(colSums[i]).Within(1e-12));
            }
        }
    }

    [Test]
    public void Float32AgreesWithFloat64()
    {
        var x = GradCheck.Random(65, -1, 1, 6, 8);
        var w = GradCheck.Random(66, -1, 1, 5, 8);
        var b = GradCheck.Random(67, -1, 1, 5);
        Float32Agreement.Assert("Linear", (t, xs) => Op.Linear(t, xs[0], xs[1], xs[2]), x, w, b);
    }
}
