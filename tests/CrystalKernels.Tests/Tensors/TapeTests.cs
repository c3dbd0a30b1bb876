using CrystalKernels.Tensors;
using CrystalKernels.Tensors.Autograd;
using CrystalKernels.Tensors.Backends.Cpu;
using CrystalKernels.Tensors.Nn;
using CrystalKernels.Tensors.Ops;

namespace CrystalKernels.Tests.Tensors;

public class TapeTests
{
    [Test]
    public void FanOutAccumulatesGradients()
    {
        // y = x * x + x: dy/dx = 2x + 1.
        var x = Parameter.From("x", Tensor.FromArray(new double[] { 3.0 }, 1));
        using var tape = new Tape();
        var y = Op.Add(tape, Op.Mul(tape, x, x), x);
        tape.Backward(y);
        Assert.That(x.Grad!.Item(), Is.EqualTo(7.0));
    }

    [Test]
    public void ParameterGradientsAccumulateAcrossStepsUntilZeroed()
    {
        var x = Parameter.From("x", Tensor.FromArray(new double[] { 2.0 }, 1));
        for (var step = 0; step < 2; step++)
        {
            using var tape = new Tape();
            tape.Backward(Op.Mul(tape, x, x));
        }

        Assert.That(x.Grad!.Item(), Is.EqualTo(8.0));
        Parameter.ZeroGrad([x]);
        Assert.That(x.Grad!.Item(), Is.EqualTo(0.0));
    }

    [Test]
    public void NoGradRecordsNothing()
    {
        var x = Parameter.From("x", Tensor.FromArray(new double[] { 2.0 }, 1));
        using var tape = new Tape();
        using (tape.NoGrad())
        {
            var y = Op.Mul(tape, x, x);
            Assert.That(y.RequiresGrad, Is.False);
        }

        Assert.That(tape.NodeCount, Is.Zero);
        Assert.That(Op.Mul(null, x, x).RequiresGrad, Is.False);
    }

    [Test]
    public void StepBuffersAreReleasedWhenTheStepEnds()
    {
        var dev = CpuDevice.Instance;
        var x = Parameter.From("x", Tensor.FromArray(new float[] { 1, 2, 3, 4 }, 4));
        Tensor y;
        long before;
        using (var warm = new Tape())
        {
            warm.Backward(Op.Mul(warm, Op.Mul(warm, x, x), Tensor.Scalar(1)), Tensor.Ones(new Shape(4), DType.Float32));
        }

        before = dev.LiveBytes;
        using (var tape = new Tape())
        {
            y = Op.Mul(tape, Op.Add(tape, x, x), x);
            Assert.That(tape.Arena.LiveBuffers, Is.EqualTo(2));
            Assert.That(dev.LiveBytes, Is.GreaterThan(before));
        }

        Assert.That(dev.LiveBytes, Is.EqualTo(before), "every step buffer must go back to the pool");
        Assert.Throws<ObjectDisposedException>(() => y.Span<float>());
    }

    [Test]
    public void BackwardNeedsAScalarLossOrASeed()
    {
        var x = Parameter.From("x", Tensor.FromArray(new double[] { 1, 2 }, 2));
        using var tape = new Tape();
        var y = Op.Mul(tape, x, x);
        Assert.Throws<InvalidOperationException>(() => tape.Backward(y));
    }

    [Test]
    public void DumpNamesOpsAndShapes()
    {
        var x = Parameter.From("x", Tensor.FromArray(new double[] { 1, 2 }, 2));
        using var tape = new Tape();
        Op.Mul(tape, x, x);
        Assert.That(tape.Dump(), Does.Contain("Mul(x float64[2], x float64[2])"));
    }
}
