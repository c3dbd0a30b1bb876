using System.Globalization;
using CrystalKernels.Crystals;
using ScottPlot;

namespace CrystalKernels.Training.Plots;

/// <summary>
/// A periodic-table heatmap of one value per element (per-element accuracy, abundance, ...): the
/// <see cref="PeriodicTable.Cell"/> layout, every element's symbol drawn, elements without a value left blank,
/// optionally log10-coloured for counts spanning decades (paper Fig. 1a).
/// </summary>
public static class PeriodicTablePlot
{
    public static void Save(IReadOnlyDictionary<int, double> values, string path, string title = "", string valueLabel = "value", bool log10 = false, int width = 1400, int height = 800)
    {
        var grid = new double[PeriodicTable.Rows, PeriodicTable.Columns];
        for (var r = 0; r < PeriodicTable.Rows; r++)
        {
            for (var c = 0; c < PeriodicTable.Columns; c++)
            {
                grid[r, c] = double.NaN;
            }
        }

        foreach (var (z, v) in values)
        {
            var (row, col) = PeriodicTable.Cell(z);
            if (log10 && !(v > 0))
            {
                throw new ArgumentException($"periodic-table plot {path}: {Elements.Symbol(z)} has value {v}; log10 colouring needs values > 0");
            }

            grid[row, col] = log10 ? Math.Log10(v) : v;
        }

        var plot = new Plot();
        var hm = PlotFiles.Grid(plot, grid, new ScottPlot.Colormaps.Viridis());
        plot.Add.ColorBar(hm).Label = log10 ? $"log10 {valueLabel}" : valueLabel;
        for (var z = 1; z <= Elements.Count; z++)
        {
            var (row, col) = PeriodicTable.Cell(z);
            var outline = plot.Add.Rectangle(col - 0.5, col + 0.5, -row - 0.5, -row + 0.5);
            outline.FillStyle.Color = Colors.Transparent;
            outline.LineStyle.Color = Colors.Gray.WithAlpha(0.5);
            var label = plot.Add.Text(Elements.Symbol(z), col, -row + 0.12);
            label.LabelAlignment = Alignment.MiddleCenter;
            label.LabelFontSize = 13;
            label.LabelBold = true;
            if (values.TryGetValue(z, out var v))
            {
                var number = plot.Add.Text(v.ToString(Math.Abs(v) >= 1000 ? "0.#e0" : "G3", CultureInfo.InvariantCulture), col, -row - 0.25);
                number.LabelAlignment = Alignment.MiddleCenter;
                number.LabelFontSize = 9;
            }
        }

        plot.Axes.SetLimits(-0.6, PeriodicTable.Columns - 0.4, -(PeriodicTable.Rows - 0.4), 0.6);
        plot.Layout.Frameless();
        plot.HideGrid();
        if (title.Length > 0)
        {
            plot.Title(title);
        }

        PlotFiles.SavePng(plot, path, width, height);
    }
}
