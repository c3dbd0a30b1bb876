using System.Globalization;
using CrystalKernels.Training.Evaluation;
using ScottPlot;

namespace CrystalKernels.Training.Plots;

/// <summary>Parity plot: prediction against truth, the y = x line, MAE and R² in the title.</summary>
public static class ParityPlot
{
    public static void Save(ReadOnlySpan<double> truth, ReadOnlySpan<double> predicted, string path, string quantity = "value", int width = 700, int height = 700)
    {
        if (truth.Length != predicted.Length || truth.Length == 0)
        {
            throw new ArgumentException($"parity plot {path}: {truth.Length} true values and {predicted.Length} predictions");
        }

        var t = truth.ToArray();
        var p = predicted.ToArray();
        var finite = t.Concat(p).Where(double.IsFinite).ToArray();
        var lo = finite.Min();
        var hi = finite.Max();
        var pad = hi > lo ? 0.05 * (hi - lo) : 1;
        var plot = new Plot();
        var diagonal = plot.Add.Line(lo - pad, lo - pad, hi + pad, hi + pad);
        diagonal.Color = Colors.Gray;
        diagonal.LinePattern = LinePattern.Dashed;
        var points = plot.Add.ScatterPoints(t, p);
        points.MarkerSize = 4;
        points.Color = Colors.C0.WithAlpha(0.6);
        plot.Axes.SetLimits(lo - pad, hi + pad, lo - pad, hi + pad);
        var mae = RegressionMetrics.Mae(t, p);
        var r2 = RegressionMetrics.R2(t, p);
        plot.Title(string.Create(CultureInfo.InvariantCulture, $"{quantity}: MAE {mae:G4}, R² {r2:F3}, n = {t.Length}"));
        plot.XLabel($"true {quantity}");
        plot.YLabel($"predicted {quantity}");
        PlotFiles.SavePng(plot, path, width, height);
    }
}
