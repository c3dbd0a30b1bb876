using CrystalKernels.Tensors;
using CrystalKernels.Tensors.Ops;
using CrystalKernels.Tests.Support;

namespace CrystalKernels.Tests.Elementwise;

/// <summary>Float64 finite-difference checks of every unary op's backward, through the public Op call and the tape.</summary>
public class UnaryGradCheckTests
{
    [Test]
    [Category(Categories.GradCheck)]
    public void BackwardMatchesFiniteDifferences([ValueSource(typeof(UnaryCase), nameof(UnaryCase.Names))] string name)
    {
        var c = UnaryCase.Get(name);
        var values = c.Inputs(7, 15);

        // Both sides of every kink must be sampled, or a branch of the backward goes unchecked.
        foreach (var k in c.Kinks)
        {
            Assert.That(values.Count(v => v < k), Is.GreaterThan(0), $"{name}: no input below the kink {k}");
            Assert.That(values.Count(v => v > k), Is.GreaterThan(0), $"{name}: no input above the kink {k}");
        }

        var x = Tensor.FromArray(values, 3, 5);
        x.RequiresGrad = true;
        GradCheck.Assert(name, (t, xs) => c.Apply(t, xs[0]), x);
    }

    /// <summary>Both GELU forms far into the tails, where the exact form switches from the erf series to erfc.</summary>
    [Test]
    [Category(Categories.GradCheck)]
    public void GeluTailsMatchFiniteDifferences([Values] GeluApproximation approximate)
    {
        var x = Tensor.FromArray(new[] { -8.0, -5.0, -3.5, -2.9, -2.8, -1.0, 0.0, 1.0, 2.8, 2.9, 5.0, 8.0 }, 12);
        x.RequiresGrad = true;
        GradCheck.Assert($"Gelu({approximate})", (t, xs) => Op.Gelu(t, xs[0], approximate), x);
    }

    /// <summary>An op whose output feeds another: the chain of two unary backwards through the tape.</summary>
    [Test]
    [Category(Categories.GradCheck)]
    public void ComposedOpsMatchFiniteDifferences()
    {
        var x = GradCheck.Random(3, 0.2, 2, 4, 3);
        GradCheck.Assert("Silu(Log(Sqrt(x) * 1.5 + 0.1))", (t, xs) =>
            Op.Silu(t, Op.Log(t, Op.AddScalar(t, Op.Scale(t, Op.Sqrt(t, xs[0]), 1.5), 0.1))), x);
    }
}
