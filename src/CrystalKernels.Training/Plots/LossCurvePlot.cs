using CrystalKernels.Training.Runs;
using ScottPlot;

namespace CrystalKernels.Training.Plots;

/// <summary>Loss curves from metrics.jsonl: one line per (split, name) against the optimizer step (train/val per
/// loss term, as TensorBoard shows them). Non-finite values are skipped.</summary>
public static class LossCurvePlot
{
    /// <summary>Writes the PNG; returns the series drawn ("train/loss", "val/loss", ...).</summary>
    public static IReadOnlyList<string> Save(IEnumerable<MetricRecord> records, string path, Func<MetricRecord, bool>? include = null,
        string title = "Loss", int width = 1000, int height = 600)
    {
        var series = records.Where(r => double.IsFinite(r.Value) && (include is null || include(r)))
            .GroupBy(r => $"{r.Split}/{r.Name}")
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .ToList();
        if (series.Count == 0)
        {
            throw new ArgumentException($"loss plot {path}: no finite metric values to plot");
        }

        var plot = new Plot();
        var palette = new ScottPlot.Palettes.Category10();
        for (var i = 0; i < series.Count; i++)
        {
            var points = series[i].OrderBy(r => r.Step).ToArray();
            var line = plot.Add.ScatterLine(points.Select(r => (double)r.Step).ToArray(), points.Select(r => r.Value).ToArray());
            line.LegendText = series[i].Key;
            line.Color = palette.GetColor(i);
            line.LineWidth = 2;
            if (points.Length < 30)
            {
                line.MarkerSize = 5;
            }
        }

        plot.Title(title);
        plot.XLabel("step");
        plot.YLabel("value");
        plot.ShowLegend(Alignment.UpperRight);
        PlotFiles.SavePng(plot, path, width, height);
        return series.Select(s => s.Key).ToArray();
    }

    public static IReadOnlyList<string> Save(string metricsJsonl, string path, Func<MetricRecord, bool>? include = null, string title = "Loss", int width = 1000, int height = 600) =>
        Save(MetricsLog.Read(metricsJsonl), path, include, title, width, height);
}
