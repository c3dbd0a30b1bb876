using System.Globalization;
using System.Text;
using CrystalKernels.Crystals;
using CrystalKernels.Training.Plots;
using CrystalKernels.Training.Runs;

namespace CrystalKernels.Training.Pretraining;

/// <summary>
/// Writes an evaluation to a folder: summary.txt (the printed lines), baselines.csv (masked-site accuracy and
/// compositional similarity of the model beside the most-frequent and substitution baselines), samples.csv (one row per sample),
/// per_element.csv (masked-site accuracy per true species), replacement.csv (masked-site counts, replacement ratios,
/// the model's mean probability and the data-mined one), novel_replacements.csv (paper Fig. 5 counts), and the plots
/// replacement_matrix.png (chemical-family order), element_accuracy.png (periodic table) and, when the checkpoint's
/// run folder has a metrics.jsonl, loss_curves.png. Returns the files written.
/// </summary>
public static class EvaluationReport
{
    public static IReadOnlyList<string> Write(PretrainEvaluationResult r, string folder, string? metricsJsonl)
    {
        Directory.CreateDirectory(folder);
        var inv = CultureInfo.InvariantCulture;
        var files = new List<string>();
        string Put(string name, string text)
        {
            var path = Path.Combine(folder, name);
            File.WriteAllText(path, text);
            files.Add(path);
            return path;
        }

        Put("summary.txt", r.Line() + "\n" + r.Details() + "\n");

        var sb = new StringBuilder("predictor,masked_sites,masked_accuracy,comp_similarity\n");
        sb.AppendLine(inv, $"model,{r.MaskedSites.GrandTotal},{r.MaskedAccuracy:R},{r.Similarity.CompositionalSimilarity:R}");
        foreach (var b in r.Baselines)
        {
            sb.AppendLine(inv, $"{b.Name},{r.MaskedSites.GrandTotal},{b.MaskedAccuracy:R},{b.CompositionalSimilarity:R}");
        }

        Put("baselines.csv", sb.ToString());

        sb.Clear().Append("sample,id,draw,atoms,masked_sites,masked_correct,comp_match,struct_valid,comp_valid,position_error,mean_noise_norm,score\n");
        foreach (var s in r.Samples)
        {
            sb.AppendLine(inv, $"{s.Index},{s.Id.Replace(',', '_')},{s.Draw},{s.Atoms},{s.MaskedSites},{s.MaskedCorrect},{B(s.CompositionMatches)},{B(s.StructurallyValid)},{B(s.CompositionallyValid)},{s.PositionError:R},{s.MeanNoiseNorm:R},{1 - s.PositionError / s.MeanNoiseNorm:R}");
        }

        Put("samples.csv", sb.ToString());

        sb.Clear().AppendLine("z,symbol,masked_sites,correct,accuracy");
        var accuracy = new Dictionary<int, double>();
        for (var z = 1; z <= Elements.Count; z++)
        {
            var total = r.MaskedSites.Total(z);
            if (total > 0)
            {
                accuracy[z] = r.MaskedSites.Accuracy(z);
                sb.AppendLine(inv, $"{z},{Elements.Symbol(z)},{total},{r.MaskedSites.Count(z, z)},{accuracy[z]:R}");
            }
        }

        Put("per_element.csv", sb.ToString());

        var hautier = r.SubstitutionPairs.ToDictionary(p => (p.A, p.B), p => p.Hautier);
        sb.Clear().AppendLine("replaced,replacing,count,replacement_ratio,model_mean_probability,hautier_probability");
        for (var a = 1; a <= Elements.Count; a++)
        {
            if (r.MaskedSites.Total(a) == 0)
            {
                continue;
            }

            for (var b = 1; b <= Elements.Count; b++)
            {
                var count = r.MaskedSites.Count(a, b);
                var mean = r.Probabilities.Mean(a, b);
                if (count == 0 && !(mean >= 1e-3))
                {
                    continue;
                }

                var ratio = a == b ? double.NaN : r.MaskedSites.ReplacementRatio(a, b);
                sb.AppendLine(inv, $"{Elements.Symbol(a)},{Elements.Symbol(b)},{count},{F(ratio)},{F(mean)},{F(hautier.GetValueOrDefault((a, b), double.NaN))}");
            }
        }

        Put("replacement.csv", sb.ToString());

        sb.Clear().AppendLine("replaced,replacing,count");
        for (var a = 1; a <= Elements.Count; a++)
        {
            for (var b = 1; b <= Elements.Count; b++)
            {
                if (a != b && r.Novel.Count(a, b) > 0)
                {
                    sb.AppendLine(inv, $"{Elements.Symbol(a)},{Elements.Symbol(b)},{r.Novel.Count(a, b)}");
                }
            }
        }

        Put("novel_replacements.csv", sb.ToString());

        if (r.MaskedSites.GrandTotal > 0)
        {
            var matrix = Path.Combine(folder, "replacement_matrix.png");
            ReplacementMatrixPlot.Save(r.MaskedSites, matrix, $"Masked-site replacement ratio ({r.Mask.ToString().ToLowerInvariant()}, σ̃ = {r.Sigma.ToString(inv)})");
            files.Add(matrix);
            var table = Path.Combine(folder, "element_accuracy.png");
            PeriodicTablePlot.Save(accuracy, table, $"Masked-site accuracy per element ({r.Mask.ToString().ToLowerInvariant()})", "accuracy");
            files.Add(table);
        }

        if (metricsJsonl is not null && File.Exists(metricsJsonl))
        {
            var records = MetricsLog.Read(metricsJsonl);
            if (records.Any(x => x.Name == "loss" && double.IsFinite(x.Value)))
            {
                var curves = Path.Combine(folder, "loss_curves.png");
                LossCurvePlot.Save(records, curves, x => x.Name == "loss", "Pretraining loss");
                files.Add(curves);
            }
        }

        return files;
    }

    private static string B(bool b) => b ? "1" : "0";

    private static string F(double x) => double.IsFinite(x) ? x.ToString("G6", CultureInfo.InvariantCulture) : string.Empty;
}
