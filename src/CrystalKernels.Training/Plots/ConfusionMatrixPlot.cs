using System.Globalization;
using CrystalKernels.Training.Evaluation;
using ScottPlot;

namespace CrystalKernels.Training.Plots;

/// <summary>Confusion-matrix heatmap: rows = true class (top to bottom), columns = predicted class, colour = the row
/// fraction, each cell annotated with its count.</summary>
public static class ConfusionMatrixPlot
{
    public static void Save(ConfusionMatrix cm, IReadOnlyList<string> classNames, string path, string title = "Confusion matrix", int width = 700, int height = 600)
    {
        if (classNames.Count != cm.Classes)
        {
            throw new ArgumentException($"confusion plot {path}: {classNames.Count} class names for {cm.Classes} classes");
        }

        var k = cm.Classes;
        var fraction = new double[k, k];
        for (var t = 0; t < k; t++)
        {
            var row = cm.Row(t);
            for (var p = 0; p < k; p++)
            {
                fraction[t, p] = row > 0 ? cm.Counts[t, p] / (double)row : double.NaN;
            }
        }

        var plot = new Plot();
        var hm = PlotFiles.Grid(plot, fraction, new ScottPlot.Colormaps.Viridis());
        hm.ManualRange = new ScottPlot.Range(0, 1);
        plot.Add.ColorBar(hm).Label = "fraction of true class";
        for (var t = 0; t < k; t++)
        {
            for (var p = 0; p < k; p++)
            {
                var text = plot.Add.Text(cm.Counts[t, p].ToString(CultureInfo.InvariantCulture), p, -t);
                text.LabelAlignment = Alignment.MiddleCenter;
                text.LabelFontSize = k <= 5 ? 22 : 12;
                text.LabelFontColor = fraction[t, p] > 0.6 ? Colors.Black : Colors.White;
            }
        }

        PlotFiles.TickLabels(plot.Axes.Bottom, classNames, i => i);
        PlotFiles.TickLabels(plot.Axes.Left, classNames, i => -i);
        plot.Axes.SetLimits(-0.5, k - 0.5, -(k - 0.5), 0.5);
        plot.XLabel("predicted");
        plot.YLabel("true");
        plot.Title(title);
        plot.HideGrid();
        PlotFiles.SavePng(plot, path, width, height);
    }
}
