using System.Globalization;
using CrystalKernels.Training.Runs;

namespace CrystalKernels.Training.Gan;

/// <summary>
/// One epoch's means: the generator's loss terms over its steps, D's loss over its steps, D's accuracy on the real and
/// fake samples of its steps (its logits before its update), and acc_g_label = the fraction of the generator's fakes
/// that D called real during the generator's steps.
/// </summary>
public sealed class GanEpochMetrics
{
    private double gTotal, gSpecies, gPosition, gAdversarial, dLoss;

    public long GeneratorSteps { get; private set; }

    public long DiscriminatorSteps { get; private set; }

    public DiscriminatorAccuracy Accuracy { get; } = new();

    /// <summary>D's calls on the fakes of the generator's passes (FakeCount, and 1 − Fake = called real).</summary>
    public DiscriminatorAccuracy GeneratorFakes { get; } = new();

    public double LossG => Mean(gTotal, GeneratorSteps);

    public double LossD => Mean(dLoss, DiscriminatorSteps);

    public void Add(GanStepResult r)
    {
        var g = r.Generator;
        GeneratorSteps++;
        gTotal += g.Total;
        gSpecies += g.Species;
        gPosition += g.Position;
        gAdversarial += g.Adversarial;
        GeneratorFakes.Add(g.FakeLogits, g.Classes, WassersteinLoss.Fake);
        if (r.Discriminator is { } d)
        {
            DiscriminatorSteps++;
            dLoss += d.Loss;
            Accuracy.Add(d.RealLogits, d.Classes, WassersteinLoss.Real);
            Accuracy.Add(d.FakeLogits, d.Classes, WassersteinLoss.Fake);
        }
    }

    /// <summary>Name/value pairs as written to metrics.jsonl (split "train").</summary>
    public IEnumerable<(string Name, double Value)> Records()
    {
        yield return ("loss_g", LossG);
        yield return ("loss_g_species", Mean(gSpecies, GeneratorSteps));
        yield return ("loss_g_position", Mean(gPosition, GeneratorSteps));
        yield return ("loss_g_adversarial", Mean(gAdversarial, GeneratorSteps));
        yield return ("loss_d", LossD);
        yield return ("acc_d", Accuracy.Mean);
        yield return ("acc_d_real", Accuracy.Real);
        yield return ("acc_d_fake", Accuracy.Fake);
        yield return ("acc_g_label", 1 - GeneratorFakes.Fake);
        yield return ("g_steps", GeneratorSteps);
        yield return ("d_steps", DiscriminatorSteps);
    }

    public void WriteTo(MetricsLog log, long step, int epoch)
    {
        foreach (var (name, value) in Records())
        {
            log.Write(step, epoch, "train", name, value);
        }
    }

    /// <summary>The progress line's status.</summary>
    public string Status(int epoch) => string.Create(CultureInfo.InvariantCulture,
        $"epoch {epoch} loss_g {LossG:F4} loss_d {LossD:F4} acc_d {Accuracy.Mean:F3} (real {Accuracy.Real:F3} fake {Accuracy.Fake:F3})");

    private static double Mean(double sum, long count) => count == 0 ? double.NaN : sum / count;
}
