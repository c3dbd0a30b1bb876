namespace CrystalKernels.Training.Evaluation;

/// <summary>
/// Dummy baselines every reported number is compared against (sklearn's DummyClassifier "most_frequent" and
/// DummyRegressor "mean"), fitted on the training split only.
/// </summary>
public static class Baselines
{
    /// <summary>The most frequent training class (ties: the lowest class index, as sklearn).</summary>
    public static int MajorityClass(ReadOnlySpan<int> trainLabels) => ByFrequency(trainLabels)[0];

    /// <summary>The distinct training classes, most frequent first (ties: the lower class index first).</summary>
    public static int[] ByFrequency(ReadOnlySpan<int> trainLabels)
    {
        if (trainLabels.Length == 0)
        {
            throw new ArgumentException("majority-class baseline: no training labels");
        }

        var counts = new Dictionary<int, int>();
        foreach (var y in trainLabels)
        {
            counts[y] = counts.GetValueOrDefault(y) + 1;
        }

        return counts.OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key).Select(kv => kv.Key).ToArray();
    }

    /// <summary>Predicts the majority training class for every one of <paramref name="n"/> samples.</summary>
    public static int[] PredictMajority(ReadOnlySpan<int> trainLabels, int n)
    {
        var c = MajorityClass(trainLabels);
        return Enumerable.Repeat(c, n).ToArray();
    }

    /// <summary>The per-column mean of [n, width] training targets.</summary>
    public static double[] TrainMean(ReadOnlySpan<double> trainTargets, int width = 1)
    {
        if (width < 1 || trainTargets.Length == 0 || trainTargets.Length % width != 0)
        {
            throw new ArgumentException($"train-mean baseline: {trainTargets.Length} training values are not rows of width {width}");
        }

        var n = trainTargets.Length / width;
        var mean = new double[width];
        for (var i = 0; i < n; i++)
        {
            for (var c = 0; c < width; c++)
            {
                mean[c] += trainTargets[i * width + c];
            }
        }

        for (var c = 0; c < width; c++)
        {
            mean[c] /= n;
        }

        return mean;
    }

    /// <summary>The training mean repeated for <paramref name="n"/> rows, row-major [n, width].</summary>
    public static double[] PredictMean(ReadOnlySpan<double> trainTargets, int n, int width = 1)
    {
        var mean = TrainMean(trainTargets, width);
        var result = new double[n * width];
        for (var i = 0; i < n; i++)
        {
            mean.CopyTo(result, i * width);
        }

        return result;
    }
}
