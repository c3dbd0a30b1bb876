using CrystalKernels.Tests.Support;
using CrystalKernels.Tensors;
using CrystalKernels.Training.Gan;

namespace CrystalKernels.Tests.Training.Gan;

/// <summary>
/// Whether the adversarial term w_W·L_W^G reaches the generator: its gradient contribution is the difference of the
/// generator's gradients with w_W = 1 and w_W = 0 on the same step (same corruption, same dropout masks).
/// </summary>
public class AdversarialGradientTests
{
    [Test]
    public void IntendedModeGivesTheGeneratorAnAdversarialGradient()
    {
        var (with, without, names) = Gradients(GanMode.Intended);
        var diff = Diff(with, without);
        Assert.Multiple(() =>
        {
            // Through the soft species (the species head) and through the denoised positions (the position head).
            Assert.That(MaxAbs(diff, names, "output_block."), Is.GreaterThan(0), "species head");
            Assert.That(MaxAbs(diff, names, "force_block."), Is.GreaterThan(0), "position head");
            Assert.That(MaxAbs(diff, names, "blocks.0."), Is.GreaterThan(0), "backbone");
        });
    }

    [Test]
    public void AuthorsCodeModeGivesExactlyZeroAdversarialGradient()
    {
        var (with, without, _) = Gradients(GanMode.AuthorsCode);
        for (var i = 0; i < with.Length; i++)
        {
            Assert.That(with[i], Is.EqualTo(without[i]), $"parameter {i}: the adversarial term must add exactly nothing");
        }

        Assert.That(with.SelectMany(g => g).Any(x => x != 0), "the denoising losses still train the generator");
    }

    /// <summary>The adversarial gradient is the derivative of L_W^G: central difference on the parameter entry with the
    /// largest adversarial gradient (float64, fixed graph and dropout masks).</summary>
    [Test]
    [Category(Categories.GradCheck)]
    public void IntendedAdversarialGradientMatchesFiniteDifferences()
    {
        var g = GanFixture.Generator(DType.Float64);
        var d = GanFixture.Discriminator(DType.Float64);
        var batch = GanFixture.Crystals(2);
        var on = GanFixture.Step(g, d, new GanConfig { Mode = GanMode.Intended, WeightW = 1 });
        var off = GanFixture.Step(g, d, new GanConfig { Mode = GanMode.Intended, WeightW = 0 });
        var parameters = g.Parameters.ToArray();
        on.GeneratorForwardBackward(batch, 3);
        var with = parameters.Select(p => p.Grad?.ToDoubleArray() ?? new double[p.Numel]).ToArray();
        off.GeneratorForwardBackward(batch, 3);
        var adv = Diff(with, parameters.Select(p => p.Grad?.ToDoubleArray() ?? new double[p.Numel]).ToArray());
        var (pi, ei) = Enumerable.Range(0, adv.Length).SelectMany(i => Enumerable.Range(0, adv[i].Length).Select(e => (i, e)))
            .MaxBy(t => Math.Abs(adv[t.i][t.e]));
        var p = parameters[pi];
        var values = p.ToDoubleArray();
        double AdversarialAt(double delta)
        {
            var v = (double[])values.Clone();
            v[ei] += delta;
            p.CopyFrom(Tensor.FromArray(v, p.Shape.ToArray()));
            return off.GeneratorForwardBackward(batch, 3).Adversarial;
        }

        const double h = 1e-5;
        var numeric = (AdversarialAt(h) - AdversarialAt(-h)) / (2 * h);
        p.CopyFrom(Tensor.FromArray(values, p.Shape.ToArray()));
        Assert.That(adv[pi][ei], Is.Not.Zero);
        Assert.That(adv[pi][ei], Is.EqualTo(numeric).Within(GanTol.FiniteDifference * Math.Abs(numeric)), $"{p.Name}[{ei}]");
    }

    private static (double[][] With, double[][] Without, string[] Names) Gradients(GanMode mode)
    {
        var g = GanFixture.Generator(DType.Float64);
        var d = GanFixture.Discriminator(DType.Float64);
        var batch = GanFixture.Crystals(2);
        var parameters = g.Parameters.ToArray();
        GanFixture.Step(g, d, new GanConfig { Mode = mode, WeightW = 1 }).GeneratorForwardBackward(batch, 0);
        var with = parameters.Select(p => p.Grad?.ToDoubleArray() ?? new double[p.Numel]).ToArray();
        GanFixture.Step(g, d, new GanConfig { Mode = mode, WeightW = 0 }).GeneratorForwardBackward(batch, 0);
        var without = parameters.Select(p => p.Grad?.ToDoubleArray() ?? new double[p.Numel]).ToArray();
        Assert.That(d.Parameters.All(p => p.Grad is null), "D is frozen during the generator's pass: no gradient stored");
        return (with, without, parameters.Select(p => p.Name!).ToArray());
    }

    private static double[][] Diff(double[][] a, double[][] b) => a.Zip(b, (x, y) => x.Zip(y, (u, v) => u - v).ToArray()).ToArray();

    private static double MaxAbs(double[][] grads, string[] names, string prefix) =>
        grads.Where((_, i) => names[i].StartsWith(prefix, StringComparison.Ordinal)).SelectMany(g => g).Select(Math.Abs).DefaultIfEmpty(0).Max();
}
