using CrystalKernels.Tensors;
using CrystalKernels.Tensors.Autograd;
using CrystalKernels.Tensors.Ops;
using CrystalKernels.Tensors.Random;
using CrystalKernels.Tests.Graph;
using CrystalKernels.Tests.Support;

namespace CrystalKernels.Tests.Norm;

public class DropoutTests
{
    private static readonly RngStream Rng = RngStream.Create(2024, "dropout").Sub(3);

    [Test]
    [Category(Categories.GradCheck)]
    public void DropoutGradCheck()
    {
        var x = GradCheck.Random(1, -1, 1, 4, 5);
        GradCheck.Assert("Dropout", (t, xs) => Op.Dropout(t, xs[0], 0.3, Rng, 17, training: true), x);
    }

    [Test]
    public void KeptElementsAreScaledAndTheRestAreZero()
    {
        const double p = 0.3;
        var x = Tensor.Full(new Shape(100000), 0.7, DType.Float32);
        var y = Op.Dropout(null, x, p, Rng, 0, training: true).ToFloatArray();
        var kept = y.Count(v => v != 0);
        Assert.That(y.Where(v => v != 0), Is.All.EqualTo((float)(0.7f * (1.0 / (1 - p)))));

        // Binomial(n, 1 - p): six standard deviations is a bound a correct mask essentially never crosses.
        var sigma = Math.Sqrt(p * (1 - p) / y.Length);
        Assert.That((double)kept / y.Length, Is.EqualTo(1 - p).Within(6 * sigma));
    }

    [Test]
    public void MaskIsIdenticalForOneAndTwoThreads()
    {
        // 100k elements: several parallel chunks. Forward values and the gradient both carry the mask.
        var x = GradCheck.Random(2, 0.5, 1.5, 100000).To(DType.Float32);
        float[][] Run()
        {
            x.RequiresGrad = true;
            x.Grad = null;
            using var tape = new Tape();
            var y = Op.Dropout(tape, x, 0.5, Rng, 123, training: true);
            tape.Backward(y, Tensor.Ones(y.Shape, DType.Float32));
            return [y.ToFloatArray(), x.Grad!.ToFloatArray()];
        }

        var one = GatherScatterTests.WithThreads(1, Run);
        var two = GatherScatterTests.WithThreads(2, Run);
        Assert.That(two[0], Is.EqualTo(one[0]));
        Assert.That(two[1], Is.EqualTo(one[1]));

        // The gradient is the mask itself (scaled): zero exactly where the output is zero.
        for (var i = 0; i < one[0].Length; i++)
        {
            Assert.That(one[1][i] == 0, Is.EqualTo(one[0][i] == 0), $"element {i}");
        }
    }

    [Test]
    public void MaskDependsOnTheStreamAndOffsetOnly()
    {
        var x = Tensor.Ones(new Shape(64), DType.Float32);
        var a = Op.Dropout(null, x, 0.5, Rng, 0, true).ToFloatArray();
        var again = Op.Dropout(null, x, 0.5, Rng, 0, true).ToFloatArray();
        var shifted = Op.Dropout(null, x, 0.5, Rng, 64, true).ToFloatArray();
        var otherStep = Op.Dropout(null, x, 0.5, RngStream.Create(2024, "dropout").Sub(4), 0, true).ToFloatArray();
        Assert.That(again, Is.EqualTo(a));
        Assert.That(shifted, Is.Not.EqualTo(a));
        Assert.That(otherStep, Is.Not.EqualTo(a));

        // Offset k reads the draws that element k of offset 0 would read.
        var longer = Op.Dropout(null, Tensor.Ones(new Shape(128), DType.Float32), 0.5, Rng, 0, true).ToFloatArray();
        Assert.That(longer[64..], Is.EqualTo(shifted));
    }

    [Test]
    public void DropoutIsTheIdentityWhenNotTrainingOrPZero()
    {
        var x = GradCheck.Random(3, -1, 1, 3, 3);
        using var tape = new Tape();
        Assert.That(ReferenceEquals(Op.Dropout(tape, x, 0.5, Rng, 0, training: false), x), Is.True);
        Assert.That(ReferenceEquals(Op.Dropout(tape, x, 0, Rng, 0, training: true), x), Is.True);
        Assert.That(tape.NodeCount, Is.Zero);
    }

    [Test]
    public void InvalidProbabilityThrowsNamingTheOp()
    {
        var x = Tensor.Ones(new Shape(4), DType.Float32);
        var e = Assert.Throws<ShapeMismatchException>(() => Op.Dropout(null, x, 1.0, Rng, 0, true))!;
        Assert.That(e.Message, Does.Contain("Dropout").And.Contain("[0, 1)"));
        Assert.Throws<ShapeMismatchException>(() => Op.Dropout(null, x, -0.1, Rng, 0, true));
        Assert.Throws<ShapeMismatchException>(() => Op.Dropout(null, x, double.NaN, Rng, 0, true));
    }
}
