using CrystalKernels.Crystals;
using CrystalKernels.Training.Data;

namespace CrystalKernels.Training.Finetune;

/// <summary>
/// The encoded targets of one split: class ids (classification) or [n, width] label rows (regression, in label units)
/// and their standardised form (what the loss sees).
/// </summary>
public sealed record FinetuneTargets(IReadOnlyList<Structure> Structures, IReadOnlyList<string> Ids, int[] Classes, double[] Values, double[] Trained)
{
    public int Count => Structures.Count;

    public static FinetuneTargets Encode(IReadOnlyList<Labelled<Structure>> rows, FinetuneConfig f, string column)
    {
        var structures = rows.Select(r => r.Item).ToList();
        var ids = rows.Select(r => r.Id).ToList();
        if (f.Task == FinetuneTask.Classify)
        {
            return new FinetuneTargets(structures, ids, LabelEncoding.ClassIds(rows, f.ClassThreshold, column), [], []);
        }

        var width = f.OutputWidth ?? throw new InvalidOperationException("finetune: output width not resolved before encoding");
        var values = LabelEncoding.Flatten(rows, width);
        return new FinetuneTargets(structures, ids, [], values, LabelEncoding.Standardize(values, f.TargetMean, f.TargetStd));
    }

    /// <summary>The targets of rows <paramref name="order"/>[start .. start + count).</summary>
    public (IReadOnlyList<Structure> Structures, int[] Classes, double[] Trained) Batch(int[] order, int start, int count, int width)
    {
        var s = new Structure[count];
        var c = Classes.Length > 0 ? new int[count] : [];
        var y = Trained.Length > 0 ? new double[count * width] : [];
        for (var i = 0; i < count; i++)
        {
            var row = order[start + i];
            s[i] = Structures[row];
            if (c.Length > 0)
            {
                c[i] = Classes[row];
            }

            if (y.Length > 0)
            {
                Array.Copy(Trained, row * width, y, i * width, width);
            }
        }

        return (s, c, y);
    }
}
