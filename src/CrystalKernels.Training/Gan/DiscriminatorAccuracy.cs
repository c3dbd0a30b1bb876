using CrystalKernels.Tensors;

namespace CrystalKernels.Training.Gan;

/// <summary>
/// How often D is right, counted separately on real and on fake samples (paper-spec 4.5: acc_d_real, acc_d_fake,
/// acc_d = their mean; acc_g_label = the fraction of fakes D calls real). D's call is argmax of its logits; a tie goes
/// to the lower class (torch.argmax), i.e. fake.
/// </summary>
public sealed class DiscriminatorAccuracy
{
    public long RealCorrect { get; private set; }

    public long RealCount { get; private set; }

    public long FakeCorrect { get; private set; }

    public long FakeCount { get; private set; }

    /// <summary>Fraction of real samples classified real (NaN before any).</summary>
    public double Real => RealCount == 0 ? double.NaN : (double)RealCorrect / RealCount;

    /// <summary>Fraction of fake samples classified fake (NaN before any).</summary>
    public double Fake => FakeCount == 0 ? double.NaN : (double)FakeCorrect / FakeCount;

    /// <summary>(Real + Fake) / 2; the one that exists when only one kind was seen.</summary>
    public double Mean => RealCount == 0 ? Fake : FakeCount == 0 ? Real : (Real + Fake) / 2;

    /// <summary>Counts the rows of <paramref name="logits"/> [B, K] whose true class is <paramref name="label"/>.</summary>
    public void Add(Tensor logits, int label)
    {
        if (logits.Rank != 2)
        {
            throw new ShapeMismatchException("DiscriminatorAccuracy", $"logits must be [B, K], got {logits.Describe()}");
        }

        Add(logits.ToDoubleArray(), logits.Shape[1], label);
    }

    public void Add(double[] logits, int classes, int label)
    {
        if (classes < 2 || logits.Length % classes != 0 || label is not (WassersteinLoss.Fake or WassersteinLoss.Real))
        {
            throw new ArgumentException($"DiscriminatorAccuracy: {logits.Length} logits in rows of {classes} with label {label} (0 fake, 1 real)");
        }

        for (var r = 0; r < logits.Length / classes; r++)
        {
            var best = 0;
            for (var c = 1; c < classes; c++)
            {
                if (logits[(r * classes) + c] > logits[(r * classes) + best])
                {
                    best = c;
                }
            }

            if (label == WassersteinLoss.Real)
            {
                RealCount++;
                RealCorrect += best == label ? 1 : 0;
            }
            else
            {
                FakeCount++;
                FakeCorrect += best == label ? 1 : 0;
            }
        }
    }
}
