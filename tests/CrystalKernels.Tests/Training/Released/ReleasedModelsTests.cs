using System.Globalization;
using System.Text.RegularExpressions;
using CrystalKernels.Tests.Support;
using CrystalKernels.Tests.Training.Pretrain;
using CrystalKernels.Training.Checkpoints;

namespace CrystalKernels.Tests.Training.Released;

/// <summary>
/// The models committed under models/ (README "Released models"): release exports (no optimizer state) of at most
/// 20 MB that complete, evaluate and predict out of the box, and still score what docs/results.md says they score.
/// </summary>
[NonParallelizable]
public sealed class ReleasedModelsTests
{
    private const long MaxBytes = 20L * 1024 * 1024;
    private static string Pretrain => RepoPaths.File("models", "mp20-small-pretrain.safetensors");
    private static string Classifier => RepoPaths.File("models", "mp40-stability-classifier.safetensors");

    [TestCase("mp20-small-pretrain.safetensors", CheckpointKind.Pretrain)]
    [TestCase("mp40-stability-classifier.safetensors", CheckpointKind.Classify)]
    public void ReleasedFilesAreSmallExportsOfTheirKind(string file, CheckpointKind kind)
    {
        var path = RepoPaths.File("models", file);
        Assert.That(new FileInfo(path).Length, Is.LessThanOrEqualTo(MaxBytes), path);
        var c = Checkpoint.Load(path);
        Assert.That(c.Kind, Is.EqualTo(kind));
        Assert.That(c.OptimizerRoles, Is.Empty, "release exports carry no optimizer state");
    }

    [Test]
    public void PretrainedModelCompletesAHandWrittenCrystal()
    {
        using var tmp = new TrainingTemp();
        var cif = tmp.File("nacl.cif");
        File.WriteAllText(cif, PretrainFixture.NaClCif);
        var (rc, output) = CliRunner.Run("complete", "--model", Pretrain, "--input", cif, "--mask", "species:Cl", "--noise", "0.1", "--output", tmp.File("out.cif"));
        Assert.That(rc, Is.EqualTo(0), output);
        Assert.That(File.ReadAllText(tmp.File("out.cif")), Does.Contain("_atom_site_fract_x"));
    }

    /// <summary>40 MP-20 public-test crystals, β masks: the model (0.61 masked accuracy when released) stays well above
    /// the most-frequent-species (0.07) and data-mined substitution (0.47) baselines.</summary>
    [Test]
    [Category(Categories.Data)]
    public void PretrainedModelBeatsBothBaselinesOnMp20Test()
    {
        var test = SharedPaths.RequireData("mp20", "test_public.csv.gz");
        using var tmp = new TrainingTemp();
        var (rc, output) = CliRunner.Run("evaluate", "--model", Pretrain, "--data", test, "--mask", "beta", "--limit", "40",
            "--lambda", SharedPaths.RequireData("pymatgen-data", "lambda.json"), "--baseline-data", SharedPaths.RequireData("mp20", "train.csv.gz"), "--out", tmp.File("eval"));
        Assert.That(rc, Is.EqualTo(0), output);
        double Figure(string key) => double.Parse(Regex.Match(output, $@"\b{key}=([0-9.]+)").Groups[1].Value, CultureInfo.InvariantCulture);
        Assert.Multiple(() =>
        {
            Assert.That(Figure("masked_acc"), Is.GreaterThan(Figure("substitution_acc") + 0.05), output);
            Assert.That(Figure("masked_acc"), Is.GreaterThan(Figure("most_frequent_acc") + 0.3), output);
            Assert.That(Figure("comp_similarity"), Is.GreaterThan(Figure("substitution_comp_similarity")), output);
        });
    }

    [Test]
    public void ClassifierPredictsProbabilitiesForEveryStructure()
    {
        using var tmp = new TrainingTemp();
        var csv = tmp.File("pred.csv");
        var (rc, output) = CliRunner.Run("predict", "--model", Classifier, "--input", "builtin:prototypes:6", "--output", csv);
        Assert.That(rc, Is.EqualTo(0), output);
        var lines = File.ReadAllLines(csv);
        Assert.That(lines[0], Is.EqualTo("material_id,prediction,p_unstable,p_stable"));
        Assert.That(lines, Has.Length.EqualTo(7));
        foreach (var c in lines.Skip(1).Select(l => l.Split(',')))
        {
            Assert.That(double.Parse(c[2], CultureInfo.InvariantCulture) + double.Parse(c[3], CultureInfo.InvariantCulture), Is.EqualTo(1.0).Within(1e-9));
        }
    }
}
