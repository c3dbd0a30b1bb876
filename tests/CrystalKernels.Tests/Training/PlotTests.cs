using System.Buffers.Binary;
using ElementTable = CrystalKernels.Crystals.Elements;
using CrystalKernels.Crystals.Metrics;
using CrystalKernels.Tensors.Random;
using CrystalKernels.Training.Evaluation;
using CrystalKernels.Training.Plots;
using CrystalKernels.Training.Runs;

namespace CrystalKernels.Tests.Training;

public class PlotTests
{
    [TestCase("H", 1, 1, 0, 0)]
    [TestCase("He", 1, 18, 0, 17)]
    [TestCase("B", 2, 13, 1, 12)]
    [TestCase("Ar", 3, 18, 2, 17)]
    [TestCase("Fe", 4, 8, 3, 7)]
    [TestCase("Ag", 5, 11, 4, 10)]
    [TestCase("Cs", 6, 1, 5, 0)]
    [TestCase("Hf", 6, 4, 5, 3)]
    [TestCase("Rn", 6, 18, 5, 17)]
    [TestCase("La", 6, 3, 8, 2)]
    [TestCase("Lu", 6, 3, 8, 16)]
    [TestCase("Ac", 7, 3, 9, 2)]
    [TestCase("Rf", 7, 4, 6, 3)]
    [TestCase("Og", 7, 18, 6, 17)]
    public void PeriodicTablePositions(string symbol, int period, int group, int row, int column)
    {
        var z = ElementTable.Z(symbol);
        Assert.That((PeriodicTable.Period(z), PeriodicTable.Group(z)), Is.EqualTo((period, group)));
        Assert.That(PeriodicTable.Cell(z), Is.EqualTo((row, column)));
    }

    [Test]
    public void EveryElementHasItsOwnCell()
    {
        var cells = Enumerable.Range(1, ElementTable.Count).Select(PeriodicTable.Cell).ToList();
        Assert.That(cells, Is.Unique);
        Assert.That(cells.All(c => c.Row is >= 0 and < PeriodicTable.Rows && c.Column is >= 0 and < PeriodicTable.Columns), Is.True);
    }

    [Test]
    public void ChemicalFamilyOrderGoesDownEachGroup()
    {
        var order = ElementOrder.ChemicalFamily.Select(ElementTable.Symbol).ToList();
        Assert.That(order, Has.Count.EqualTo(118).And.Unique);
        Assert.That(order.Take(14), Is.EqualTo(new[] { "H", "Li", "Na", "K", "Rb", "Cs", "Fr", "Be", "Mg", "Ca", "Sr", "Ba", "Ra", "Sc" }));
        Assert.That(order.Skip(14).Take(3), Is.EqualTo(new[] { "Y", "La", "Ce" }));
        Assert.That(order.IndexOf("Lr") + 1, Is.EqualTo(order.IndexOf("Ti")), "group 3 (with the f-block) ends before group 4");
        Assert.That(order.TakeLast(7), Is.EqualTo(new[] { "He", "Ne", "Ar", "Kr", "Xe", "Rn", "Og" }));
        Assert.That(order.IndexOf("O") + 1, Is.EqualTo(order.IndexOf("S")));
        Assert.That(ElementOrder.ChemicalFamilyOf([8, 26, 3, 9]).Select(ElementTable.Symbol), Is.EqualTo(new[] { "Li", "Fe", "O", "F" }));
    }

    [Test]
    public void LossCurvesFromMetricsJsonl()
    {
        using var tmp = new TrainingTemp();
        var metrics = tmp.File("metrics.jsonl");
        using (var log = MetricsLog.Open(metrics))
        {
            for (var s = 0; s < 200; s += 10)
            {
                log.Write(s, s / 100, "train", "loss", 2.0 / (1 + 0.05 * s));
                log.Write(s, s / 100, "train", "loss_pos", 0.5 / (1 + 0.02 * s));
            }

            log.Write(100, 0, "val", "loss", 0.9);
            log.Write(200, 1, "val", "loss", 0.6);
            log.Write(200, 1, "val", "acc", double.NaN);
        }

        var png = tmp.File("plots/loss.png");
        var series = LossCurvePlot.Save(metrics, png);
        Assert.That(series, Is.EqualTo(new[] { "train/loss", "train/loss_pos", "val/loss" }), "NaN-only series are dropped");
        AssertPng(png, 1000, 600);
        Assert.Throws<ArgumentException>(() => LossCurvePlot.Save(metrics, png, r => r.Split == "test"));
    }

    [Test]
    public void ParityAndConfusionPlots()
    {
        using var tmp = new TrainingTemp();
        var rng = RngStream.Create(1, "plot-test");
        var truth = Enumerable.Range(0, 200).Select(i => 3 * rng.UniformDouble((ulong)i)).ToArray();
        var pred = truth.Select((t, i) => t + 0.2 * rng.Normal(1000 + (ulong)i)).ToArray();
        var parity = tmp.File("parity.png");
        ParityPlot.Save(truth, pred, parity, "log10 K (GPa)");
        AssertPng(parity, 700, 700);

        var cm = new ConfusionMatrix([1, 1, 1, 0, 0, 0, 1, 0], [1, 0, 1, 0, 1, 0, 1, 1], 2);
        var confusion = tmp.File("confusion.png");
        ConfusionMatrixPlot.Save(cm, ["unstable", "stable"], confusion);
        AssertPng(confusion, 700, 600);
        Assert.Throws<ArgumentException>(() => ConfusionMatrixPlot.Save(cm, ["only one"], confusion));
    }

    [Test]
    public void ReplacementMatrixUsesFamilyOrderOfPresentElements()
    {
        using var tmp = new TrainingTemp();
        var m = new SpeciesReplacementMatrix();
        int[] truth = [Z("O"), Z("O"), Z("O"), Z("S"), Z("Na"), Z("K"), Z("Fe"), Z("Fe")];
        int[] pred = [Z("O"), Z("S"), Z("F"), Z("O"), Z("K"), Z("Na"), Z("Co"), Z("Fe")];
        m.Add(truth, pred, Enumerable.Repeat(true, truth.Length).ToArray());
        var path = tmp.File("replacement.png");
        var order = ReplacementMatrixPlot.Save(m, path);
        Assert.That(order.Select(ElementTable.Symbol), Is.EqualTo(new[] { "Na", "K", "Fe", "Co", "O", "S", "F" }));
        AssertPng(path, 1400, 1300);
        Assert.Throws<ArgumentException>(() => ReplacementMatrixPlot.Save(new SpeciesReplacementMatrix(), path));
    }

    [Test]
    public void PeriodicTableHeatmap()
    {
        using var tmp = new TrainingTemp();
        var values = new Dictionary<int, double> { [Z("O")] = 5000, [Z("Li")] = 800, [Z("Fe")] = 300, [Z("La")] = 20, [Z("U")] = 3 };
        var path = tmp.File("ptable.png");
        PeriodicTablePlot.Save(values, path, "element counts", "count", log10: true);
        AssertPng(path, 1400, 800);
        Assert.Throws<ArgumentException>(() => PeriodicTablePlot.Save(new Dictionary<int, double> { [1] = 0 }, path, log10: true));
    }

    private static int Z(string s) => ElementTable.Z(s);

    /// <summary>A real PNG of the requested size with more than a blank canvas in it.</summary>
    internal static void AssertPng(string path, int width, int height)
    {
        Assert.That(File.Exists(path), Is.True, path);
        var bytes = File.ReadAllBytes(path);
        Assert.That(bytes.AsSpan(0, 8).ToArray(), Is.EqualTo(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }), "PNG signature");
        Assert.That(System.Text.Encoding.ASCII.GetString(bytes, 12, 4), Is.EqualTo("IHDR"));
        Assert.That(BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(16)), Is.EqualTo(width));
        Assert.That(BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(20)), Is.EqualTo(height));
        Assert.That(bytes.Length, Is.GreaterThan(15_000), "a plot with axes, text and data compresses to well over 15 kB; a blank canvas to a few hundred bytes");
    }
}
