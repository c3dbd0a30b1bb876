using CrystalKernels.Training.Evaluation;

namespace CrystalKernels.Tests.Training;

public class EvaluationTests
{
    // Hand-counted: truth 1 1 1 0 0 0 1 0, pred 1 0 1 0 1 0 1 1 → TP 3, FN 1, FP 2, TN 2.
    private static readonly int[] Truth = [1, 1, 1, 0, 0, 0, 1, 0];
    private static readonly int[] Pred = [1, 0, 1, 0, 1, 0, 1, 1];

    [Test]
    public void BinaryClassification()
    {
        var cm = new ConfusionMatrix(Truth, Pred, 2);
        Assert.That(cm.Counts, Is.EqualTo(new long[,] { { 2, 2 }, { 1, 3 } }));
        Assert.That(ClassificationMetrics.Accuracy(Truth, Pred), Is.EqualTo(5 / 8.0));
        Assert.That(ClassificationMetrics.BinaryF1(Truth, Pred), Is.EqualTo(6 / 9.0).Within(1e-15)); // 2·3/(2·3+2+1)
        Assert.That(ClassificationMetrics.BinaryF1(Truth, Pred, positiveClass: 0), Is.EqualTo(4 / 7.0).Within(1e-15)); // 2·2/(4+1+2)
        Assert.That(ClassificationMetrics.MacroF1(cm), Is.EqualTo((6 / 9.0 + 4 / 7.0) / 2).Within(1e-15));
    }

    [Test]
    public void MacroF1SkipsClassesAbsentFromTruthAndPrediction()
    {
        // Classes 0..3, class 3 never occurs (as sklearn's labels = unique(y_true ∪ y_pred)); class 2 only predicted → F1 0.
        int[] t = [0, 0, 1, 1];
        int[] p = [0, 2, 1, 1];
        var cm = new ConfusionMatrix(t, p, 4);
        Assert.That(ClassificationMetrics.F1(cm, 0), Is.EqualTo(2 / 3.0).Within(1e-15));
        Assert.That(ClassificationMetrics.F1(cm, 1), Is.EqualTo(1.0));
        Assert.That(ClassificationMetrics.F1(cm, 2), Is.EqualTo(0.0));
        Assert.That(ClassificationMetrics.MacroF1(cm), Is.EqualTo((2 / 3.0 + 1 + 0) / 3).Within(1e-15));
        Assert.That(ClassificationMetrics.Argmax([0.1, 0.9, 0.5, 0.5, 2, -1], 2), Is.EqualTo(new[] { 1, 0, 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => _ = new ConfusionMatrix([0, 5], [0, 0], 2));
    }

    [Test]
    public void Regression()
    {
        double[] t = [1, 2, 3, 4];
        double[] p = [1.5, 2, 2, 5];
        Assert.That(RegressionMetrics.Mae(t, p), Is.EqualTo(2.5 / 4));
        Assert.That(RegressionMetrics.Rmse(t, p), Is.EqualTo(Math.Sqrt(2.25 / 4)));
        Assert.That(RegressionMetrics.R2(t, p), Is.EqualTo(1 - 2.25 / 5.0).Within(1e-15)); // SS_tot = 2.25+0.25+0.25+2.25
        Assert.That(RegressionMetrics.R2(t, t), Is.EqualTo(1.0));
        Assert.That(RegressionMetrics.R2([2, 2], [2, 3]), Is.EqualTo(0.0), "constant truth, inexact prediction: sklearn's force_finite 0");

        // Width 2: rows (1, 3), (2, 4); per-column metrics averaged (sklearn uniform_average).
        double[] t2 = [1, 3, 2, 4];
        double[] p2 = [1.5, 2, 2, 5];
        var r2 = ((1 - 0.25 / 0.5) + (1 - 2.0 / 0.5)) / 2;
        Assert.That(RegressionMetrics.R2(t2, p2, width: 2), Is.EqualTo(r2).Within(1e-15));
        Assert.That(RegressionMetrics.Rmse(t2, p2, width: 2), Is.EqualTo((Math.Sqrt(0.25 / 2) + Math.Sqrt(2.0 / 2)) / 2).Within(1e-15));
        Assert.That(RegressionMetrics.Mae(t2, p2, width: 2), Is.EqualTo((0.25 + 1.0) / 2).Within(1e-15));
    }

    [Test]
    public void DummyBaselines()
    {
        Assert.That(Baselines.MajorityClass([2, 1, 1, 2, 0]), Is.EqualTo(1), "ties go to the lowest class");
        Assert.That(Baselines.ByFrequency([8, 3, 8, 26, 3, 8, 1]), Is.EqualTo(new[] { 8, 3, 1, 26 }), "most frequent first, ties by lower index");
        var majority = Baselines.PredictMajority([0, 1, 1], Truth.Length);
        Assert.That(ClassificationMetrics.Accuracy(Truth, majority), Is.EqualTo(0.5));
        Assert.That(ClassificationMetrics.BinaryF1(Truth, majority), Is.EqualTo(2 * 4 / (2.0 * 4 + 4)).Within(1e-15));

        double[] train = [1, 10, 3, 20];
        Assert.That(Baselines.TrainMean(train, width: 2), Is.EqualTo(new[] { 2.0, 15 }));
        var pred = Baselines.PredictMean(train, 3, width: 2);
        Assert.That(pred, Is.EqualTo(new[] { 2.0, 15, 2, 15, 2, 15 }));
        Assert.That(RegressionMetrics.R2([1, 2, 3], Baselines.PredictMean([1, 2, 3], 3)), Is.EqualTo(0.0).Within(1e-15), "the mean of the same data scores R² = 0");
    }
}
