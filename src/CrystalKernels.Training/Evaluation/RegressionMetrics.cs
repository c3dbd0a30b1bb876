namespace CrystalKernels.Training.Evaluation;

/// <summary>
/// Regression metrics on row-major [n, width] arrays (width 1 for a scalar, 51 for a DOS), as sklearn with
/// multioutput="uniform_average": each metric is computed per output column, then averaged over the columns.
/// MAE = mean |y - ŷ|; RMSE = sqrt(mean (y - ŷ)²); R² = 1 - SS_res / SS_tot with sklearn's force_finite rule for a
/// constant column (R² = 1 if the predictions are exact, else 0). Sums run in double in index order.
/// </summary>
public static class RegressionMetrics
{
    public static double Mae(ReadOnlySpan<double> truth, ReadOnlySpan<double> predicted, int width = 1) =>
        PerColumnMean(truth, predicted, width, "MAE", (t, p, w, c) =>
        {
            double s = 0;
            var n = t.Length / w;
            for (var i = 0; i < n; i++)
            {
                s += Math.Abs(t[i * w + c] - p[i * w + c]);
            }

            return s / n;
        });

    public static double Rmse(ReadOnlySpan<double> truth, ReadOnlySpan<double> predicted, int width = 1) =>
        PerColumnMean(truth, predicted, width, "RMSE", (t, p, w, c) =>
        {
            double s = 0;
            var n = t.Length / w;
            for (var i = 0; i < n; i++)
            {
                var d = t[i * w + c] - p[i * w + c];
                s += d * d;
            }

            return Math.Sqrt(s / n);
        });

    public static double R2(ReadOnlySpan<double> truth, ReadOnlySpan<double> predicted, int width = 1) =>
        PerColumnMean(truth, predicted, width, "R2", (t, p, w, c) =>
        {
            var n = t.Length / w;
            double mean = 0;
            for (var i = 0; i < n; i++)
            {
                mean += t[i * w + c];
            }

            mean /= n;
            double ssRes = 0, ssTot = 0;
            for (var i = 0; i < n; i++)
            {
                var r = t[i * w + c] - p[i * w + c];
                var d = t[i * w + c] - mean;
                ssRes += r * r;
                ssTot += d * d;
            }

            return ssTot == 0 ? (ssRes == 0 ? 1.0 : 0.0) : 1 - ssRes / ssTot;
        });

    private delegate double ColumnMetric(ReadOnlySpan<double> truth, ReadOnlySpan<double> predicted, int width, int column);

    private static double PerColumnMean(ReadOnlySpan<double> truth, ReadOnlySpan<double> predicted, int width, string name, ColumnMetric metric)
    {
        if (truth.Length != predicted.Length)
        {
            throw new ArgumentException($"{name}: {truth.Length} true values but {predicted.Length} predictions");
        }

        if (width < 1 || truth.Length % width != 0)
        {
            throw new ArgumentException($"{name}: {truth.Length} values are not rows of width {width}");
        }

        if (truth.Length == 0)
        {
            return double.NaN;
        }

        double sum = 0;
        for (var c = 0; c < width; c++)
        {
            sum += metric(truth, predicted, width, c);
        }

        return sum / width;
    }
}
