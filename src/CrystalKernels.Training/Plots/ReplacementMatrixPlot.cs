using CrystalKernels.Crystals;
using CrystalKernels.Crystals.Metrics;
using ScottPlot;

namespace CrystalKernels.Training.Plots;

/// <summary>
/// The species-replacement matrix (paper Fig. 5a): rows = replaced species A, columns = replacing species B, both in
/// <see cref="ElementOrder.ChemicalFamily"/> order, restricted to the elements that occur (as A or B); colour = the
/// replacement ratio of A by B (the row normalised over replacements; the diagonal and never-replaced rows blank).
/// </summary>
public static class ReplacementMatrixPlot
{
    /// <summary>Writes the PNG and returns the element order of both axes (atomic numbers, top/left first).</summary>
    public static IReadOnlyList<int> Save(SpeciesReplacementMatrix matrix, string path, string title = "Species replacement ratio", int width = 1400, int height = 1300)
    {
        var present = Enumerable.Range(1, Elements.Count).Where(z => matrix.Total(z) > 0 || Enumerable.Range(1, Elements.Count).Any(a => matrix.Count(a, z) > 0));
        var order = ElementOrder.ChemicalFamilyOf(present);
        if (order.Count == 0)
        {
            throw new ArgumentException($"replacement plot {path}: the matrix is empty");
        }

        var n = order.Count;
        var ratio = new double[n, n];
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j < n; j++)
            {
                ratio[i, j] = i == j ? double.NaN : matrix.ReplacementRatio(order[i], order[j]);
            }
        }

        var plot = new Plot();
        var hm = PlotFiles.Grid(plot, ratio, new ScottPlot.Colormaps.Turbo());
        hm.ManualRange = new ScottPlot.Range(0, 1);
        plot.Add.ColorBar(hm).Label = "replacement ratio";
        var symbols = order.Select(Elements.Symbol).ToArray();
        PlotFiles.TickLabels(plot.Axes.Bottom, symbols, i => i);
        PlotFiles.TickLabels(plot.Axes.Left, symbols, i => -i);
        var fontSize = n > 60 ? 7 : n > 30 ? 9 : 12;
        plot.Axes.Bottom.TickLabelStyle.FontSize = fontSize;
        plot.Axes.Bottom.TickLabelStyle.Rotation = 90;
        plot.Axes.Bottom.TickLabelStyle.Alignment = Alignment.MiddleLeft;
        plot.Axes.Left.TickLabelStyle.FontSize = fontSize;
        plot.Axes.SetLimits(-0.5, n - 0.5, -(n - 0.5), 0.5);
        plot.XLabel("replacing species B");
        plot.YLabel("replaced species A");
        plot.Title(title);
        plot.HideGrid();
        PlotFiles.SavePng(plot, path, width, height);
        return order;
    }
}
