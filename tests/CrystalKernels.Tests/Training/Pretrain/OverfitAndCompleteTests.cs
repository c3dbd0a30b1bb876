using CrystalKernels.Crystals;
using CrystalKernels.Crystals.Corruption;
using CrystalKernels.Crystals.Io;
using CrystalKernels.Crystals.Prototypes;
using CrystalKernels.Models.Config;
using CrystalKernels.Tensors;
using CrystalKernels.Training.Checkpoints;
using CrystalKernels.Training.Modeling;
using CrystalKernels.Training.Optim;
using CrystalKernels.Training.Pretraining;
using CrystalKernels.Tests.Support;

namespace CrystalKernels.Tests.Training.Pretrain;

[NonParallelizable]
public sealed class OverfitAndCompleteTests
{
    [Test]
    public void LossFallsOnAFixedTinyBatch()
    {
        var config = PretrainFixture.Config("optim.lr=0.003");
        var model = ModelFactory.Create(config.Model, OutputHead.Species, true, 1, DType.Float32);
        var optimizer = OptimizerFactory.Create(config.Optim, model.Parameters);
        var task = new PretrainTask(config, model, optimizer, new ConstantLr(3e-3), []);
        var batch = BuiltinData.Read("builtin:prototypes:2:5");

        // Step index 0 every time: the same masks, noise and dropout, so only the weights change.
        var first = task.TrainStep(batch, 0, 0);
        IReadOnlyDictionary<string, double> last = first;
        for (var i = 0; i < 40; i++)
        {
            last = task.TrainStep(batch, 0, 0);
        }

        Assert.That(last["loss"], Is.LessThan(0.3 * first["loss"]), $"loss {first["loss"]} -> {last["loss"]}");
        Assert.That(last["loss_species"], Is.LessThan(first["loss_species"]));
        Assert.That(last["loss_pos"], Is.LessThan(first["loss_pos"]));
    }

    [Test]
    public void CompletionFillsMaskedSitesAndDenoisesInTheTargetFrame()
    {
        var config = PretrainFixture.Config();
        var model = ModelFactory.Create(config.Model, OutputHead.Species, true, 2, DType.Float32);
        var nacl = PretrainFixture.NaCl();
        var mask = SpeciesMasking.MaskAllOf(nacl.Species, 17);
        var noisy = PositionNoise.Apply(nacl, NoiseOptions.Pretrain, PositionNoise.StreamFor(1, 0, 0)).Noisy;
        var input = new Structure(nacl.Lattice, mask.Apply(nacl.Species), noisy, nacl.Id);
        var c = Completion.Run(model, PositionTargetFrame.Fractional, [input])[0];
        var done = c.Completed(allSites: false);
        for (var i = 0; i < nacl.Count; i++)
        {
            Assert.That(c.Argmax[i], Is.InRange(1, CrystalKernels.Crystals.Elements.Count), "the mask token is never predicted");
            Assert.That(done.Species[i], Is.EqualTo(mask.Masked[i] ? c.Argmax[i] : 11));
            Assert.That(Enumerable.Range(1, CrystalKernels.Crystals.Elements.Count).Sum(z => c.Probability(i, z)), Is.EqualTo(1.0).Within(1e-5));
            var expected = PositionNoise.Wrap(nacl.Lattice, noisy[i] - c.Displacement[i]);
            Assert.That((done.Positions[i] - expected).Norm, Is.LessThan(1e-12));
            var frac = nacl.Lattice.ToFractional(c.Displacement[i]);
            Assert.That(frac.Norm, Is.LessThan(1.0), "fractional prediction converted with the cell");
        }

        Assert.That(c.TopK(0, 3).Select(t => t.P), Is.Ordered.Descending);
        Assert.That(c.Completed(allSites: true).Species, Is.EqualTo(c.Argmax));
    }

    [Test]
    public void CompleteCommandWritesTheStructureAndTheSiteTable()
    {
        using var tmp = new TrainingTemp();
        var ckpt = SaveUntrained(tmp.File("model.safetensors"), CheckpointKind.Pretrain);
        File.WriteAllText(tmp.File("nacl.cif"), PretrainFixture.NaClCif);
        var (rc, output) = CliRunner.Run("complete", "--model", ckpt, "--input", tmp.File("nacl.cif"), "--mask", "species:Cl", "--noise", "0.1",
            "--output", tmp.File("out.cif"), "--top-k", "2");
        Assert.That(rc, Is.EqualTo(0), output);
        var s = StructureIo.Read(tmp.File("out.cif")).Single();
        Assert.That(s.Count, Is.EqualTo(8));
        Assert.That(s.Species.Count(z => z == 11), Is.GreaterThanOrEqualTo(4), "unmasked Na sites keep their species");
        Assert.That(s.Species, Has.All.InRange(1, CrystalKernels.Crystals.Elements.Count));
        var table = File.ReadAllLines(tmp.File("out.sites.csv"));
        Assert.That(table[0], Is.EqualTo("structure,site,input,masked,predicted,top1,p1,top2,p2,dx,dy,dz,displacement"));
        Assert.That(table, Has.Length.EqualTo(9));
        Assert.That(table.Skip(1).Count(l => l.Split(',')[3] == "1"), Is.EqualTo(4), "the four Cl sites are masked");
        Assert.That(output, Does.Contain("4 masked site(s)"));
    }

    internal static string SaveUntrained(string path, CheckpointKind kind)
    {
        var config = PretrainFixture.Config();
        var model = ModelFactory.Create(config.Model, OutputHead.Species, true, 4, DType.Float32);
        Checkpoint.Save(path, ModelCheckpoint.Contents(kind, model.Parameters, new Dictionary<string, AdamBase>(), TrainLoop.Fresh(42), config));
        return path;
    }
}
