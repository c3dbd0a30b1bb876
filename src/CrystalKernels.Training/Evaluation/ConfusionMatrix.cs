namespace CrystalKernels.Training.Evaluation;

/// <summary>
/// Counts[t, p] = number of samples of true class t predicted as p (sklearn's confusion_matrix layout: rows true,
/// columns predicted), for classes 0..K-1.
/// </summary>
public sealed class ConfusionMatrix
{
    public ConfusionMatrix(ReadOnlySpan<int> truth, ReadOnlySpan<int> predicted, int classes)
    {
        if (truth.Length != predicted.Length)
        {
            throw new ArgumentException($"confusion matrix: {truth.Length} true labels but {predicted.Length} predictions");
        }

        if (classes < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(classes), $"confusion matrix: need at least one class, got {classes}");
        }

        Classes = classes;
        Counts = new long[classes, classes];
        for (var i = 0; i < truth.Length; i++)
        {
            if ((uint)truth[i] >= (uint)classes || (uint)predicted[i] >= (uint)classes)
            {
                throw new ArgumentOutOfRangeException(nameof(truth), $"confusion matrix: sample {i} has true {truth[i]}, predicted {predicted[i]}, outside 0..{classes - 1}");
            }

            Counts[truth[i], predicted[i]]++;
        }

        Total = truth.Length;
    }

    public int Classes { get; }

    public long[,] Counts { get; }

    public long Total { get; }

    public long TruePositives(int c) => Counts[c, c];

    /// <summary>Predicted c, truly another class.</summary>
    public long FalsePositives(int c) => Column(c) - Counts[c, c];

    /// <summary>Truly c, predicted another class.</summary>
    public long FalseNegatives(int c) => Row(c) - Counts[c, c];

    public long Row(int c)
    {
        long s = 0;
        for (var p = 0; p < Classes; p++)
        {
            s += Counts[c, p];
        }

        return s;
    }

    public long Column(int c)
    {
        long s = 0;
        for (var t = 0; t < Classes; t++)
        {
            s += Counts[t, c];
        }

        return s;
    }
}
