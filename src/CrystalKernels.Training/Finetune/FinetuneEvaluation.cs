using System.Globalization;
using System.Text;
using CrystalKernels.Training.Evaluation;

namespace CrystalKernels.Training.Finetune;

/// <summary>
/// One evaluation of a split, always beside the dummy baseline fitted on the training split (majority class, or the
/// train mean): classification loss (NLL), accuracy, F1 (binary: class 1; K &gt; 2: macro) and the confusion matrix;
/// regression loss (MSE in the trained, standardised space), MAE, RMSE and R² in label units.
/// </summary>
public sealed record FinetuneEvaluation(
    IReadOnlyDictionary<string, double> Metrics,
    ConfusionMatrix? Confusion,
    double[] Truth,
    double[] Predicted)
{
    public double this[string name] => Metrics[name];

    public static FinetuneEvaluation Classification(ReadOnlySpan<double> logits, int[] truth, int k, int[] trainClasses)
    {
        var probs = FinetuneInference.Softmax(logits, k);
        double nll = 0;
        for (var i = 0; i < truth.Length; i++)
        {
            nll -= Math.Log(Math.Max(probs[i * k + truth[i]], double.Epsilon));
        }

        var predicted = ClassificationMetrics.Argmax(logits, k);
        var baseline = Baselines.PredictMajority(trainClasses, truth.Length);
        var cm = new ConfusionMatrix(truth, predicted, k);
        var metrics = new Dictionary<string, double>(StringComparer.Ordinal)
        {
            ["loss"] = truth.Length == 0 ? double.NaN : nll / truth.Length,
            ["accuracy"] = ClassificationMetrics.Accuracy(truth, predicted),
            ["f1"] = F1(truth, predicted, k),
            ["baseline_accuracy"] = ClassificationMetrics.Accuracy(truth, baseline),
            ["baseline_f1"] = F1(truth, baseline, k),
        };
        return new FinetuneEvaluation(metrics, cm, truth.Select(t => (double)t).ToArray(), predicted.Select(p => (double)p).ToArray());
    }

    /// <summary><paramref name="predicted"/> and <paramref name="truth"/> in label units, [n, width];
    /// <paramref name="loss"/> the MSE in the space the model is trained in.</summary>
    public static FinetuneEvaluation Regression(double[] predicted, double[] truth, int width, double[] trainTargets, double loss)
    {
        var n = truth.Length / width;
        var baseline = Baselines.PredictMean(trainTargets, n, width);
        var metrics = new Dictionary<string, double>(StringComparer.Ordinal)
        {
            ["loss"] = loss,
            ["mae"] = RegressionMetrics.Mae(truth, predicted, width),
            ["rmse"] = RegressionMetrics.Rmse(truth, predicted, width),
            ["r2"] = RegressionMetrics.R2(truth, predicted, width),
            ["baseline_mae"] = RegressionMetrics.Mae(truth, baseline, width),
            ["baseline_rmse"] = RegressionMetrics.Rmse(truth, baseline, width),
            ["baseline_r2"] = RegressionMetrics.R2(truth, baseline, width),
        };
        return new FinetuneEvaluation(metrics, null, truth, predicted);
    }

    /// <summary>One line: the model's numbers, then the baseline's in brackets.</summary>
    public string Summary()
    {
        var inv = CultureInfo.InvariantCulture;
        string F(string name) => Metrics[name].ToString("F4", inv);
        return Confusion is not null
            ? $"loss {F("loss")} accuracy {F("accuracy")} F1 {F("f1")} [baseline majority class: accuracy {F("baseline_accuracy")} F1 {F("baseline_f1")}]"
            : $"loss {F("loss")} MAE {F("mae")} RMSE {F("rmse")} R2 {F("r2")} [baseline train mean: MAE {F("baseline_mae")} RMSE {F("baseline_rmse")} R2 {F("baseline_r2")}]";
    }

    /// <summary>The confusion matrix as text rows (true class down, predicted across).</summary>
    public string ConfusionText(IReadOnlyList<string> classNames)
    {
        if (Confusion is null)
        {
            return string.Empty;
        }

        var w = Math.Max(8, classNames.Max(n => n.Length) + 2);
        var sb = new StringBuilder();
        sb.Append("true\\pred".PadRight(w));
        foreach (var n in classNames)
        {
            sb.Append(n.PadLeft(w));
        }

        for (var t = 0; t < Confusion.Classes; t++)
        {
            sb.Append('\n').Append(classNames[t].PadRight(w));
            for (var p = 0; p < Confusion.Classes; p++)
            {
                sb.Append(Confusion.Counts[t, p].ToString(CultureInfo.InvariantCulture).PadLeft(w));
            }
        }

        return sb.ToString();
    }

    private static double F1(int[] truth, int[] predicted, int k) =>
        k == 2 ? ClassificationMetrics.BinaryF1(truth, predicted) : ClassificationMetrics.MacroF1(truth, predicted, k);
}
