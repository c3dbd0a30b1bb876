using CrystalKernels.Crystals;
using CrystalKernels.Crystals.Prototypes;
using CrystalKernels.Tensors;
using CrystalKernels.Tensors.Nn;
using CrystalKernels.Training.Checkpoints;
using CrystalKernels.Training.Modeling;
using CrystalKernels.Training.Optim;
using CrystalKernels.Training.Progress;
using CrystalKernels.Training.Runs;

namespace CrystalKernels.Tests.Training.Pretrain;

/// <summary>TrainLoop with a deterministic toy task: data order, stop signal → save → resume, metrics and best.</summary>
public sealed class TrainLoopTests
{
    private static readonly IReadOnlyList<Structure> Data = BuiltinData.Read("builtin:prototypes:10");

    [Test]
    public void StopSavesAndResumeReproducesTheUninterruptedRun()
    {
        using var tmp = new TrainingTemp();
        var straight = new ToyTask();
        var r1 = Run(straight, tmp.File("a"), TrainLoop.Fresh(3), StopSignal.Manual());
        Assert.That(r1.StopReason, Is.Null);
        Assert.That(r1.State.Step, Is.EqualTo(12), "3 epochs x 4 batches (10 structures, batch 3)");

        using var stop = StopSignal.Manual();
        var first = new ToyTask { StopAt = (5, stop) };
        var r2 = Run(first, tmp.File("b"), TrainLoop.Fresh(3), stop);
        Assert.That(r2.StopReason, Is.EqualTo("ctrl-c-test"));
        Assert.That(r2.State.Step, Is.EqualTo(6), "the step in flight finishes before the save");
        Assert.That(r2.State.Counter(TrainLoop.BatchCounter), Is.EqualTo(2));
        Assert.That(r2.State.Epoch, Is.EqualTo(1));

        var ckpt = Checkpoint.Load(r2.LastCheckpoint);
        var resumed = new ToyTask();
        ckpt.LoadParameters([resumed.W]);
        var r3 = Run(resumed, tmp.File("b"), ckpt.State, StopSignal.Manual());
        Assert.That(r3.State.Step, Is.EqualTo(12));
        Assert.That(first.Visited.Concat(resumed.Visited), Is.EqualTo(straight.Visited), "same batches in the same order");
        Assert.That(resumed.W.Span<double>()[0], Is.EqualTo(straight.W.Span<double>()[0]));
        Assert.That(File.Exists(r3.BestCheckpoint), Is.True);
        var val = MetricsLog.Read(Path.Combine(tmp.File("b"), RunDirectory.MetricsFile)).Where(x => x.Split == "val").ToList();
        Assert.That(val.Select(x => x.Epoch).Distinct(), Is.EqualTo(new[] { 0, 1, 2 }), "one validation per epoch across the interruption");
    }

    [Test]
    public void ShuffledOrderIsASeededPermutationThatChangesPerEpoch()
    {
        var b = new StructureBatches(Data, 3, shuffle: true, seed: 9);
        var o0 = b.Order(0).ToArray();
        var o1 = b.Order(1).ToArray();
        Assert.That(o0.Order(), Is.EqualTo(Enumerable.Range(0, 10)));
        Assert.That(o1, Is.Not.EqualTo(o0));
        Assert.That(new StructureBatches(Data, 3, true, 9).Order(0), Is.EqualTo(o0), "same seed, same order");
        Assert.That(new StructureBatches(Data, 3, true, 10).Order(0), Is.Not.EqualTo(o0));
        Assert.That(new StructureBatches(Data, 3, false, 9).Order(4), Is.EqualTo(Enumerable.Range(0, 10)));
        Assert.That(b.BatchesPerEpoch, Is.EqualTo(4));
        Assert.That(b.Batch(0, 3), Has.Count.EqualTo(1));
        Assert.That(new StructureBatches(Data, 3, true, 9, dropLast: true).BatchesPerEpoch, Is.EqualTo(3));
    }

    private static TrainLoopResult Run(ToyTask task, string dir, TrainingState start, StopSignal stop) =>
        TrainLoop.Run(task, new StructureBatches(Data, 3, shuffle: true, seed: 3), RunDirectory.Create("toy", dir),
            new TrainLoopOptions { Epochs = 3, LogEvery = 2, Progress = ProgressMode.None }, start, stop);

    /// <summary>w ← w·0.9 + (hash of the batch ids and step): any change of order or step shows in w.</summary>
    private sealed class ToyTask : ITrainTask
    {
        public Tensor W { get; } = Parameter.Create("w", new Shape(1), DType.Float64);

        public List<string> Visited { get; } = [];

        public (long Step, StopSignal Signal)? StopAt { get; init; }

        public IReadOnlyDictionary<string, double> TrainStep(IReadOnlyList<Structure> batch, long step, int epoch)
        {
            var ids = string.Join("|", batch.Select(s => s.Id));
            Visited.Add($"{step}:{ids}");
            var w = W.Span<double>();
            w[0] = (w[0] * 0.9) + (ids.Sum(c => (int)c) % 997 / 997.0) + (step * 1e-3);
            if (StopAt is { } s && s.Step == step)
            {
                s.Signal.Request("ctrl-c-test");
            }

            return new Dictionary<string, double> { ["loss"] = w[0] };
        }

        public IReadOnlyDictionary<string, double> Validate(int epoch) => new Dictionary<string, double> { ["loss"] = W.Span<double>()[0] };

        public CheckpointContents Checkpoint(TrainingState state) =>
            new(CheckpointKind.Pretrain, [W], new Dictionary<string, AdamBase>(), state, "toy: true\n");
    }
}
