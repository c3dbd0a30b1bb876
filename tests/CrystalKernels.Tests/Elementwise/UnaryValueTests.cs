using CrystalKernels.Tensors;
using CrystalKernels.Tensors.Autograd;
using CrystalKernels.Tensors.Backends.Cpu;
using CrystalKernels.Tensors.Ops;
using CrystalKernels.Tests.Support;

namespace CrystalKernels.Tests.Elementwise;

/// <summary>Values and gradients at the points where conventions matter (kinks, bounds, tails), as PyTorch defines them.</summary>
public class UnaryValueTests
{
    // Reference values: mpmath erf / erfc at 40 digits, rounded to double.
    [TestCase(-6.0, -1.0, 2.0)]
    [TestCase(-3.5, -0.9999992569016276, 1.9999992569016276)]
    [TestCase(-2.0, -0.9953222650189527, 1.9953222650189528)]
    [TestCase(-0.3, -0.32862675945912745, 1.3286267594591274)]
    [TestCase(0.0, 0.0, 1.0)]
    [TestCase(0.001, 0.0011283787909692365, 0.9988716212090307)]
    [TestCase(0.5, 0.5204998778130465, 0.4795001221869535)]
    [TestCase(1.0, 0.8427007929497149, 0.15729920705028513)]
    [TestCase(1.9, 0.9927904292352575, 0.00720957076474253)]
    [TestCase(2.0, 0.9953222650189527, 0.004677734981047266)]
    [TestCase(2.5, 0.999593047982555, 0.0004069520174449589)]
    [TestCase(4.0, 0.9999999845827421, 1.541725790028002e-08)]
    [TestCase(5.5, 0.9999999999999927, 7.357847917974398e-15)]
    public void ErfAndErfcMatchLibm(double x, double erf, double erfc)
    {
        Assert.That(CpuElementwiseMath.Erf(x), Is.EqualTo(erf).Within(Tol.ErfRel * Math.Abs(erf)), "erf");
        Assert.That(CpuElementwiseMath.Erfc(x), Is.EqualTo(erfc).Within(Tol.ErfcRel * erfc), "erfc");
    }

    /// <summary>
    /// erf switches from the series to the continued fraction at |x| = 2: a jump there would corrupt exact-GELU gradients
    /// near x = 2 sqrt 2. The central difference across the switch must match erf'(2) = 2/sqrt(pi) exp(-4).
    /// </summary>
    [Test]
    public void ErfIsSmoothAcrossTheMethodSwitch()
    {
        const double h = 1e-6;
        var expected = 2 / Math.Sqrt(Math.PI) * Math.Exp(-4);
        var erf = (CpuElementwiseMath.Erf(2 + h) - CpuElementwiseMath.Erf(2 - h)) / (2 * h);
        var erfc = (CpuElementwiseMath.Erfc(2 + h) - CpuElementwiseMath.Erfc(2 - h)) / (2 * h);
        Assert.That(erf, Is.EqualTo(expected).Within(Tol.GradRtol * expected), "erf");
        Assert.That(erfc, Is.EqualTo(-expected).Within(Tol.GradRtol * expected), "erfc");
    }

    [Test]
    public void ErfHandlesInfinityAndNaN()
    {
        Assert.That(CpuElementwiseMath.Erf(double.PositiveInfinity), Is.EqualTo(1.0));
        Assert.That(CpuElementwiseMath.Erf(double.NegativeInfinity), Is.EqualTo(-1.0));
        Assert.That(CpuElementwiseMath.Erfc(double.PositiveInfinity), Is.EqualTo(0.0));
        Assert.That(CpuElementwiseMath.Erfc(double.NegativeInfinity), Is.EqualTo(2.0));
        Assert.That(double.IsNaN(CpuElementwiseMath.Erf(double.NaN)), Is.True);
    }

    // Reference values: x ncdf(x) and 0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3))) in mpmath at 40 digits, rounded to
    // double: the definitions of torch.nn.functional.gelu(x, approximate='none' / 'tanh'). (Evaluating the tanh form
    // literally in double loses ~4 digits at x = -5 to 1 + tanh(u) cancelling; the kernel's sigmoid form does not.)
    [TestCase(-5.0, -1.4332578593959695e-06, -2.291796196629506e-07)]
    [TestCase(-1.0, -0.15865525393145705, -0.1588080093917233)]
    [TestCase(0.5, 0.34573123063700656, 0.34571400982514394)]
    [TestCase(1.0, 0.8413447460685429, 0.8411919906082767)]
    [TestCase(3.0, 2.99595030590511, 2.996362607918227)]
    public void GeluMatchesReferenceValues(double x, double exact, double tanh)
    {
        var t = Tensor.FromArray(new[] { x }, 1);
        Assert.That(Op.Gelu(null, t).Item(), Is.EqualTo(exact).Within(Tol.ErfcRel * Math.Abs(exact)), "exact");
        Assert.That(Op.Gelu(null, t, GeluApproximation.Tanh).Item(), Is.EqualTo(tanh).Within(Tol.GeluTanhRel * Math.Abs(tanh)), "tanh");
    }

    [Test]
    public void ClampPassesGradientInsideAndOnTheBoundsOnly()
    {
        var (y, dx) = ForwardBackward((tape, t) => Op.Clamp(tape, t, -0.5, 0.75), -0.5, 0.75, -0.6, 0.8, 0.1);
        Assert.That(y, Is.EqualTo(new[] { -0.5, 0.75, -0.5, 0.75, 0.1 }));
        Assert.That(dx, Is.EqualTo(new[] { 1.0, 1.0, 0.0, 0.0, 1.0 }));
    }

    [Test]
    public void KinksTakePyTorchsOneSidedChoice()
    {
        Assert.That(ForwardBackward((tape, t) => Op.LeakyRelu(tape, t, 0.2), 0.0, -1.0, 2.0).Dx, Is.EqualTo(new[] { 0.2, 0.2, 1.0 }), "LeakyRelu");
        Assert.That(ForwardBackward(Op.Abs, 0.0, -1.0, 2.0).Dx, Is.EqualTo(new[] { 0.0, -1.0, 1.0 }), "Abs");
        Assert.That(ForwardBackward(Op.Silu, 0.0).Dx, Is.EqualTo(new[] { 0.5 }), "Silu");
        Assert.That(ForwardBackward((tape, t) => Op.Gelu(tape, t), 0.0).Dx, Is.EqualTo(new[] { 0.5 }), "Gelu");
        Assert.That(ForwardBackward((tape, t) => Op.Gelu(tape, t, GeluApproximation.Tanh), 0.0).Dx, Is.EqualTo(new[] { 0.5 }), "GeluTanh");
    }

    [Test]
    public void PowWithExponentZeroHasZeroGradientEvenAtZero()
    {
        var (y, dx) = ForwardBackward((tape, t) => Op.Pow(tape, t, 0), 0.0, 2.0);
        Assert.That(y, Is.EqualTo(new[] { 1.0, 1.0 }));
        Assert.That(dx, Is.EqualTo(new[] { 0.0, 0.0 }));
    }

    [Test]
    public void SaturatedActivationsStayFinite([Values(DType.Float32, DType.Float64)] DType dtype)
    {
        var values = new[] { -1000.0, -40.0, 40.0, 1000.0 };
        Func<Tape?, Tensor, Tensor>[] ops =
        [
            Op.Sigmoid, Op.Tanh, Op.Silu, (t, x) => Op.Gelu(t, x), (t, x) => Op.Gelu(t, x, GeluApproximation.Tanh),
        ];
        foreach (var f in ops)
        {
            var (y, dx) = ForwardBackward(f, dtype, values);
            Assert.That(y.Concat(dx).All(double.IsFinite), Is.True, $"non-finite in y [{string.Join(", ", y)}] or dx [{string.Join(", ", dx)}]");
        }
    }

    [Test]
    public void NaNPropagatesThroughEveryOp(
        [ValueSource(typeof(UnaryCase), nameof(UnaryCase.Names))] string name,
        [Values(DType.Float32, DType.Float64)] DType dtype)
    {
        var x = Tensor.FromArray(new[] { double.NaN, 1.0 }, 2).To(dtype);
        var y = UnaryCase.Get(name).Apply(null, x).ToDoubleArray();
        Assert.That(double.IsNaN(y[0]), Is.True, $"{name}({dtype.Name()} NaN) = {y[0]}");
        Assert.That(double.IsNaN(y[1]), Is.False, $"{name}: NaN leaked into the next element");
    }

    [Test]
    public void EmptyAndRankZeroTensorsWork()
    {
        Assert.That(Op.Exp(null, Tensor.Zeros(new Shape(0, 3), DType.Float32)).Shape, Is.EqualTo(new Shape(0, 3)));
        var s = Op.Sqrt(null, Tensor.Scalar(4.0, DType.Float64));
        Assert.That(s.Shape.Rank, Is.EqualTo(0));
        Assert.That(s.Item(), Is.EqualTo(2.0));
    }

    [Test]
    public void InputsWithoutGradientRecordNothing()
    {
        using var tape = new Tape();
        var y = Op.Tanh(tape, Tensor.FromArray(new[] { 0.5f }, 1));
        Assert.That(tape.NodeCount, Is.EqualTo(0));
        Assert.That(y.RequiresGrad, Is.False);
    }

    private static (double[] Y, double[] Dx) ForwardBackward(Func<Tape?, Tensor, Tensor> f, params double[] values) =>
        ForwardBackward(f, DType.Float64, values);

    /// <summary>y = f(x) and dL/dx for L = sum(y), computed on a tape.</summary>
    private static (double[] Y, double[] Dx) ForwardBackward(Func<Tape?, Tensor, Tensor> f, DType dtype, double[] values)
    {
        var x = Tensor.FromArray(values, values.Length).To(dtype);
        x.RequiresGrad = true;
        using var tape = new Tape();
        var y = f(tape, x);
        tape.Backward(y, Tensor.Ones(y.Shape, dtype));
        return (y.ToDoubleArray(), x.Grad!.ToDoubleArray());
    }
}
