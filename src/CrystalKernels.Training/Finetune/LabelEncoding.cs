using System.Globalization;
using CrystalKernels.Training.Data;

namespace CrystalKernels.Training.Finetune;

/// <summary>
/// Turns label rows into training targets: class ids for classification (by threshold, or the column's own integer
/// ids), or standardised rows for regression, and back (predictions in label units).
/// </summary>
public static class LabelEncoding
{
    /// <summary>The class of each label row: value ≤ threshold → 1 else 0, or the row's integer value.</summary>
    public static int[] ClassIds<T>(IReadOnlyList<Labelled<T>> rows, double? threshold, string column)
    {
        var ids = new int[rows.Count];
        for (var i = 0; i < rows.Count; i++)
        {
            var v = rows[i].Label;
            if (v.Length != 1)
            {
                throw new ArgumentException($"finetune classify: label '{column}' of '{rows[i].Id}' has {v.Length} values; classification needs one per structure");
            }

            if (threshold is { } t)
            {
                ids[i] = v[0] <= t ? 1 : 0;
            }
            else if (v[0] >= 0 && v[0] == Math.Floor(v[0]) && v[0] < 1_000_000)
            {
                ids[i] = (int)v[0];
            }
            else
            {
                throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                    $"finetune classify: label '{column}' of '{rows[i].Id}' is {v[0]}, not a class id; set finetune.class_threshold to classify a numeric column (e.g. 0 for stable = energy_above_hull == 0)"));
            }
        }

        return ids;
    }

    /// <summary>K from the config or the largest training class + 1 (at least 2); every id must be below K.</summary>
    public static int ClassCount(int? configured, IEnumerable<int> ids)
    {
        var max = ids.DefaultIfEmpty(0).Max();
        var k = configured ?? Math.Max(2, max + 1);
        if (k < 2 || max >= k)
        {
            throw new ArgumentException($"finetune classify: finetune.classes = {k}, but a label has class {max} (need K ≥ 2 and every class id < K)");
        }

        return k;
    }

    /// <summary>Row-major [n, width] labels.</summary>
    public static double[] Flatten<T>(IReadOnlyList<Labelled<T>> rows, int width)
    {
        var y = new double[rows.Count * width];
        for (var i = 0; i < rows.Count; i++)
        {
            rows[i].Label.CopyTo(y, i * width);
        }

        return y;
    }

    /// <summary>Per-column mean and population standard deviation (1 for a constant column) of [n, width] rows.</summary>
    public static (double[] Mean, double[] Std) Moments(ReadOnlySpan<double> y, int width)
    {
        var n = y.Length / width;
        var mean = new double[width];
        var std = new double[width];
        for (var c = 0; c < width; c++)
        {
            double s = 0;
            for (var i = 0; i < n; i++)
            {
                s += y[i * width + c];
            }

            mean[c] = s / n;
            double ss = 0;
            for (var i = 0; i < n; i++)
            {
                var d = y[i * width + c] - mean[c];
                ss += d * d;
            }

            var sd = Math.Sqrt(ss / n);
            std[c] = sd > 0 ? sd : 1;
        }

        return (mean, std);
    }

    public static double[] Standardize(ReadOnlySpan<double> y, IReadOnlyList<double> mean, IReadOnlyList<double> std)
    {
        var r = new double[y.Length];
        var w = mean.Count;
        for (var i = 0; i < y.Length; i++)
        {
            r[i] = w == 0 ? y[i] : (y[i] - mean[i % w]) / std[i % w];
        }

        return r;
    }

    /// <summary>Model outputs back to label units (the transformed space, e.g. log10 GPa).</summary>
    public static double[] Unstandardize(ReadOnlySpan<double> z, IReadOnlyList<double> mean, IReadOnlyList<double> std)
    {
        var r = new double[z.Length];
        var w = mean.Count;
        for (var i = 0; i < z.Length; i++)
        {
            r[i] = w == 0 ? z[i] : z[i] * std[i % w] + mean[i % w];
        }

        return r;
    }

    /// <summary>Label units back to the file's units (10^x after a log10 transform).</summary>
    public static double Untransform(double v, LabelTransform transform) => transform switch
    {
        LabelTransform.Log10 => Math.Pow(10, v),
        _ => v,
    };
}
