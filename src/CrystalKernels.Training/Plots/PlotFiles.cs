using ScottPlot;

namespace CrystalKernels.Training.Plots;

/// <summary>Shared plot plumbing: PNG output into a created folder, and the cell grid that matrix plots draw on
/// (cell (row, column) centred at x = column, y = -row, so row 0 is at the top).</summary>
internal static class PlotFiles
{
    public static void SavePng(Plot plot, string path, int width, int height)
    {
        if (width < 100 || height < 100)
        {
            throw new ArgumentOutOfRangeException(nameof(width), $"plot {path}: {width}×{height} px is too small");
        }

        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        plot.SavePng(path, width, height);
    }

    /// <summary>A heatmap of <paramref name="values"/> [rows, columns] on the cell grid, NaN cells left blank.</summary>
    public static ScottPlot.Plottables.Heatmap Grid(Plot plot, double[,] values, IColormap colormap)
    {
        var rows = values.GetLength(0);
        var cols = values.GetLength(1);
        var hm = plot.Add.Heatmap(values);
        hm.Colormap = colormap;
        hm.Rectangle = new CoordinateRect(-0.5, cols - 0.5, -(rows - 0.5), 0.5);
        hm.NaNCellColor = Colors.Transparent;
        return hm;
    }

    public static void TickLabels(IAxis axis, IReadOnlyList<string> labels, Func<int, double> position)
    {
        var ticks = new ScottPlot.TickGenerators.NumericManual();
        for (var i = 0; i < labels.Count; i++)
        {
            ticks.AddMajor(position(i), labels[i]);
        }

        axis.TickGenerator = ticks;
    }
}
