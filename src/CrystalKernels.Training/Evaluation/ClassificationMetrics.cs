namespace CrystalKernels.Training.Evaluation;

/// <summary>
/// Classification metrics with sklearn's definitions: accuracy = correct / n; per-class F1 = 2·TP / (2·TP + FP + FN),
/// 0 when the denominator is 0 (sklearn's zero_division=0 result); binary F1 is the F1 of the positive class
/// (default 1, "stable" / "real" in this project); macro F1 is the unweighted mean over the classes that occur in the
/// truth or the predictions (sklearn's default labels). Accuracy of an empty set is NaN.
/// </summary>
public static class ClassificationMetrics
{
    public static double Accuracy(ReadOnlySpan<int> truth, ReadOnlySpan<int> predicted)
    {
        if (truth.Length != predicted.Length)
        {
            throw new ArgumentException($"accuracy: {truth.Length} true labels but {predicted.Length} predictions");
        }

        var correct = 0;
        for (var i = 0; i < truth.Length; i++)
        {
            correct += truth[i] == predicted[i] ? 1 : 0;
        }

        return truth.Length == 0 ? double.NaN : correct / (double)truth.Length;
    }

    public static double F1(ConfusionMatrix cm, int positiveClass)
    {
        var tp = cm.TruePositives(positiveClass);
        var denominator = 2 * tp + cm.FalsePositives(positiveClass) + cm.FalseNegatives(positiveClass);
        return denominator == 0 ? 0.0 : 2.0 * tp / denominator;
    }

    public static double BinaryF1(ReadOnlySpan<int> truth, ReadOnlySpan<int> predicted, int positiveClass = 1) =>
        F1(new ConfusionMatrix(truth, predicted, 2), positiveClass);

    public static double MacroF1(ConfusionMatrix cm)
    {
        double sum = 0;
        var n = 0;
        for (var c = 0; c < cm.Classes; c++)
        {
            if (cm.Row(c) + cm.Column(c) == 0)
            {
                continue;
            }

            sum += F1(cm, c);
            n++;
        }

        return n == 0 ? double.NaN : sum / n;
    }

    public static double MacroF1(ReadOnlySpan<int> truth, ReadOnlySpan<int> predicted, int classes) =>
        MacroF1(new ConfusionMatrix(truth, predicted, classes));

    /// <summary>The class with the largest score per row of [n, K] scores (ties: lowest index, as argmax).</summary>
    public static int[] Argmax(ReadOnlySpan<double> scores, int classes)
    {
        if (classes < 1 || scores.Length % classes != 0)
        {
            throw new ArgumentException($"argmax: {scores.Length} scores are not rows of {classes} classes");
        }

        var result = new int[scores.Length / classes];
        for (var i = 0; i < result.Length; i++)
        {
            var row = scores.Slice(i * classes, classes);
            var best = 0;
            for (var c = 1; c < classes; c++)
            {
                if (row[c] > row[best])
                {
                    best = c;
                }
            }

            result[i] = best;
        }

        return result;
    }
}
