using CrystalKernels.Tensors;
using CrystalKernels.Tensors.Io;
using CrystalKernels.Tensors.Nn;
using CrystalKernels.Training.Checkpoints;
using CrystalKernels.Training.Optim;
using CrystalKernels.Training.Runs;

namespace CrystalKernels.Tests.Training;

public class CheckpointTests
{
    private const int N = 15;

    [Test]
    public void ResumeFromCheckpointIsBitIdenticalToAnUninterruptedRun()
    {
        using var tmp = new TrainingTemp();
        var config = ConfigLoader.Load(null, ["optim.lr=5e-2", "train.seed=11"]);
        var yaml = ConfigYaml.Write(config);

        var straight = new ToyRegression(11);
        var losses = new List<double>();
        for (var s = 0; s < 2 * N; s++)
        {
            losses.Add(straight.TrainStep());
        }

        Assert.That(losses.TakeLast(3).Average(), Is.LessThan(0.5 * losses.Take(3).Average()), "the toy model must actually train");

        var first = new ToyRegression(11);
        for (var s = 0; s < N; s++)
        {
            first.TrainStep();
        }

        var slots = new CheckpointSlots(tmp.File("checkpoints"));
        slots.Save(new CheckpointContents(CheckpointKind.Regress, first.Layer.Parameters,
            new Dictionary<string, AdamBase> { ["optim"] = first.Optimizer },
            new TrainingState(first.Step, 0, first.Seed) { Counters = new Dictionary<string, long> { ["batch_in_epoch"] = 3 } }, yaml), metric: 0.25, codeVersion: "test");

        // A fresh process: a model initialised differently (so nothing leaks through), a new optimizer, then load.
        var ck = Checkpoint.Load(slots.LastPath, CheckpointKind.Regress);
        var restoredConfig = ConfigLoader.FromYaml(new RunConfig(), ck.ConfigYaml, ck.Path);
        Assert.That(ck.State.Step, Is.EqualTo(N));
        Assert.That(ck.State.Seed, Is.EqualTo(11UL));
        Assert.That(ck.State.Counter("batch_in_epoch"), Is.EqualTo(3));
        Assert.That(ck.State.BestValue, Is.EqualTo(0.25));
        Assert.That(ck.CodeVersion, Is.EqualTo("test"));
        Assert.That(restoredConfig.Optim.Lr, Is.EqualTo(5e-2));
        var continued = new ToyRegression(ck.State.Seed, initSeed: 999);
        Assert.That(ToyRegression.Bits(continued.Layer.Weight), Is.Not.EqualTo(ToyRegression.Bits(first.Layer.Weight)));
        ck.LoadParameters(continued.Layer.Parameters);
        ck.RestoreOptimizer("optim", continued.Optimizer);
        continued.Step = ck.State.Step;
        for (var s = 0; s < N; s++)
        {
            continued.TrainStep();
        }

        Assert.That(continued.Optimizer.StepCount, Is.EqualTo(2 * N));
        Assert.That(ToyRegression.Bits(continued.Layer.Weight), Is.EqualTo(ToyRegression.Bits(straight.Layer.Weight)).AsCollection);
        Assert.That(ToyRegression.Bits(continued.Layer.Bias!), Is.EqualTo(ToyRegression.Bits(straight.Layer.Bias!)).AsCollection);
        Assert.That(ToyRegression.Bits(continued.Optimizer.StateOf("head.lin.weight")!.ExpAvgSq),
            Is.EqualTo(ToyRegression.Bits(straight.Optimizer.StateOf("head.lin.weight")!.ExpAvgSq)).AsCollection);
    }

    [Test]
    public void WrongKindMissingFileAndForeignFileGiveClearMessages()
    {
        using var tmp = new TrainingTemp();
        var toy = new ToyRegression(1);
        var path = tmp.File("pre.safetensors");
        Checkpoint.Save(path, Contents(CheckpointKind.Pretrain, toy), "v");
        var wrong = Assert.Throws<CheckpointException>(() => Checkpoint.Load(path, CheckpointKind.Classify))!;
        Assert.That(wrong.Message, Does.Contain("is a 'pretrain' checkpoint, but this command needs 'classify'").And.Contain("model.init_from"));
        Assert.That(Checkpoint.Load(path, CheckpointKind.Pretrain, CheckpointKind.Gan).Kind, Is.EqualTo(CheckpointKind.Pretrain));

        var missing = Assert.Throws<FileNotFoundException>(() => Checkpoint.Load(tmp.File("nope.safetensors")))!;
        Assert.That(missing.Message, Does.Contain("checkpoint not found").And.Contain("nope.safetensors").And.Contain("pre.safetensors"));

        var adamOnly = tmp.File("adam.safetensors");
        toy.Optimizer.Save(adamOnly);
        var foreign = Assert.Throws<CheckpointException>(() => Checkpoint.Load(adamOnly))!;
        Assert.That(foreign.Message, Does.Contain("not a CrystalKernels training checkpoint"));
    }

    [Test]
    public void LoadingIntoAModelThatDoesNotFitNamesTheParameters()
    {
        using var tmp = new TrainingTemp();
        var toy = new ToyRegression(1);
        var path = tmp.File("c.safetensors");
        Checkpoint.Save(path, Contents(CheckpointKind.Regress, toy), "v");
        var ck = Checkpoint.Load(path);

        var wrongShape = new[] { Parameter.Create("head.lin.weight", new Shape(2, 4)), Parameter.Create("head.lin.bias", new Shape(3)) };
        var e = Assert.Throws<CheckpointException>(() => ck.LoadParameters(wrongShape))!;
        Assert.That(e.Message, Does.Contain("'head.lin.weight' is float32[3, 4] in the file, the model has float32[2, 4]").Or.Contain("head.lin.weight"));
        Assert.That(wrongShape[1].ToFloatArray(), Is.All.EqualTo(0f), "nothing is copied when anything is wrong");

        var extra = new[] { Parameter.Create("head.lin.weight", new Shape(3, 4)), Parameter.Create("head.lin.bias", new Shape(3)), Parameter.Create("new_head.weight", new Shape(2)) };
        Assert.That(Assert.Throws<CheckpointException>(() => ck.LoadParameters(extra))!.Message, Does.Contain("'new_head.weight' is missing"));
        ck.LoadParameters(extra, skip: name => name.StartsWith("new_head.", StringComparison.Ordinal));
        Assert.That(extra[0].ToFloatArray(), Is.EqualTo(toy.Layer.Weight.ToFloatArray()));

        var onlyWeight = new[] { Parameter.Create("head.lin.weight", new Shape(3, 4)) };
        Assert.That(Assert.Throws<CheckpointException>(() => ck.LoadParameters(onlyWeight))!.Message, Does.Contain("unexpected: head.lin.bias"));
        Assert.That(Assert.Throws<CheckpointException>(() => ck.RestoreOptimizer("g", toy.Optimizer))!.Message, Does.Contain("no optimizer state for role 'g'"));
    }

    [Test]
    public void KeepsLastAndBestAndSurvivesAnInterruptedWrite()
    {
        using var tmp = new TrainingTemp();
        var toy = new ToyRegression(3);
        var slots = new CheckpointSlots(tmp.File("checkpoints"), minimize: true);
        Assert.That(slots.Save(Contents(CheckpointKind.Regress, toy, step: 1), metric: 0.5, codeVersion: "v"), Is.True);
        Assert.That(slots.Save(Contents(CheckpointKind.Regress, toy, step: 2), metric: 0.7, codeVersion: "v"), Is.False);
        Assert.That(slots.Save(Contents(CheckpointKind.Regress, toy, step: 3), metric: double.NaN, codeVersion: "v"), Is.False);
        Assert.That(Checkpoint.Load(slots.LastPath).State.Step, Is.EqualTo(3));
        Assert.That(Checkpoint.Load(slots.BestPath).State.Step, Is.EqualTo(1));
        Assert.That(Checkpoint.Load(slots.LastPath).State.BestValue, Is.EqualTo(0.5), "the best so far travels with every checkpoint");

        // A process killed mid-write leaves only its temporary file; the last good checkpoint is untouched.
        var before = File.ReadAllBytes(slots.LastPath);
        File.WriteAllBytes(Path.Combine(slots.Folder, ".last.safetensors.tmp-12345"), before.AsSpan(0, before.Length / 2).ToArray());
        Assert.That(File.ReadAllBytes(slots.LastPath), Is.EqualTo(before));
        Assert.That(Checkpoint.Load(slots.LastPath).State.Step, Is.EqualTo(3));

        // A write that fails part-way (an unnamed tensor among the parameters) never replaces the last checkpoint.
        var bad = Contents(CheckpointKind.Regress, toy, step: 4) with { Parameters = [toy.Layer.Weight, Tensor.Zeros(new Shape(2), DType.Float32)] };
        Assert.Throws<ArgumentException>(() => slots.Save(bad, codeVersion: "v"));
        Assert.That(File.ReadAllBytes(slots.LastPath), Is.EqualTo(before));

        // Resuming restores the best value, so a worse metric after the restart does not overwrite best.
        var resumed = new CheckpointSlots(slots.Folder, minimize: true, best: Checkpoint.Load(slots.LastPath).State.BestValue);
        Assert.That(resumed.Save(Contents(CheckpointKind.Regress, toy, step: 5), metric: 0.6, codeVersion: "v"), Is.False);
        Assert.That(resumed.Save(Contents(CheckpointKind.Regress, toy, step: 6), metric: 0.4, codeVersion: "v"), Is.True);
        Assert.That(Checkpoint.Load(slots.BestPath).State.Step, Is.EqualTo(6));
        var raw = SafeTensors.Read(slots.BestPath);
        Assert.That(raw.Metadata["kind"], Is.EqualTo("regress"));
        Assert.That(raw.Metadata["config"], Does.Contain("optim:"));
    }

    [Test]
    public void CodeVersionIsRecorded()
    {
        Assert.That(CodeVersion.Current, Is.Not.Empty);
    }

    private static CheckpointContents Contents(CheckpointKind kind, ToyRegression toy, long step = 0) =>
        new(kind, toy.Layer.Parameters, new Dictionary<string, AdamBase> { ["optim"] = toy.Optimizer },
            new TrainingState(step, 0, toy.Seed), ConfigYaml.Write(new RunConfig()));
}
