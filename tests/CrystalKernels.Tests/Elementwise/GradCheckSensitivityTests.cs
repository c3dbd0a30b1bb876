using CrystalKernels.Tensors;
using CrystalKernels.Tensors.Autograd;
using CrystalKernels.Tensors.Backends.Cpu;
using CrystalKernels.Tensors.Kernels;
using CrystalKernels.Tensors.Ops;
using CrystalKernels.Tests.Support;
using NUnit.Framework.Internal;

namespace CrystalKernels.Tests.Elementwise;

/// <summary>
/// The gradient checks above can fail: each op with a deliberately wrong backward (the right kernel, then one element
/// off by 1e-4 relative; or a plausible wrong formula) must be rejected by <see cref="GradCheck"/>.
/// </summary>
public class GradCheckSensitivityTests
{
    [Test]
    [Category(Categories.GradCheck)]
    public void OneWrongGradientElementIsCaught([ValueSource(typeof(UnaryCase), nameof(UnaryCase.Names))] string name,
        [Values(0, 14)] int wrongElement)
    {
        var c = UnaryCase.Get(name);
        var k = CpuBackend.Instance.Elementwise;
        var x = Tensor.FromArray(c.Inputs(7, 15), 3, 5);
        x.RequiresGrad = true;
        Assert.That(GradCheckFails(c.Name, x, c.KernelOp, c.P0, c.P1, (xs, y, dy, dx) =>
        {
            k.UnaryBackward(c.KernelOp, xs, y, dy, dx, c.P0, c.P1);
            var g = dx.Span<double>();
            g[wrongElement] += 1e-4 * (1 + Math.Abs(g[wrongElement]));
        }), Is.True, $"{name}: a backward wrong in element {wrongElement} passed the gradient check");
    }

    /// <summary>The tanh approximation differs from exact GELU by at most ~1e-3; the check must still tell them apart.</summary>
    [Test]
    [Category(Categories.GradCheck)]
    public void GeluWithTheTanhBackwardIsCaught()
    {
        var c = UnaryCase.Get("Gelu");
        var x = Tensor.FromArray(c.Inputs(7, 15), 3, 5);
        x.RequiresGrad = true;
        var k = CpuBackend.Instance.Elementwise;
        Assert.That(GradCheckFails("Gelu", x, UnaryOp.Gelu, 0, 0, (xs, y, dy, dx) => k.UnaryBackward(UnaryOp.GeluTanh, xs, y, dy, dx, 0, 0)), Is.True);
    }

    /// <summary>SiLU differentiated as if it were a sigmoid (y (1 - y) from its saved output) must fail.</summary>
    [Test]
    [Category(Categories.GradCheck)]
    public void SiluWithTheSigmoidBackwardIsCaught()
    {
        var x = GradCheck.Random(5, -3, 3, 3, 5);
        var k = CpuBackend.Instance.Elementwise;
        Assert.That(GradCheckFails("Silu", x, UnaryOp.Silu, 0, 0, (xs, y, dy, dx) => k.UnaryBackward(UnaryOp.Sigmoid, xs, y, dy, dx, 0, 0)), Is.True);
    }

    /// <summary>
    /// Runs the gradient check of op's forward with a substituted backward; true when it fails on an element comparison
    /// (not on some other assertion, such as an op that recorded nothing).
    /// </summary>
    private static bool GradCheckFails(string name, Tensor x, UnaryOp op, double p0, double p1, Action<Tensor, Tensor, Tensor, Tensor> backward)
    {
        Tensor F(Tape? tape, Tensor[] xs)
        {
            var y = Op.Unary(null, op, xs[0], p0, p1);
            if (tape is not null && tape.ShouldRecord(xs[0]))
            {
                tape.Record(name + "(wrong backward)", y, [xs[0]], () => backward(xs[0], y, y.Grad!, tape.GradOf(xs[0])));
            }

            return y;
        }

        string? failure = null;

        // Isolated so the expected assertion failure does not mark this test failed.
        using (new TestExecutionContext.IsolatedContext())
        {
            try
            {
                GradCheck.Assert(name, F, x);
            }
            catch (AssertionException e)
            {
                failure = e.Message;
            }
        }

        Assert.That(failure ?? "analytic vs numeric", Does.Contain("analytic").And.Contain("numeric"), "the check failed for another reason");
        return failure is not null;
    }
}
