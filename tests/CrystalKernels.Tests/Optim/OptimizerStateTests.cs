using CrystalKernels.Tensors;
using CrystalKernels.Tensors.Io;
using CrystalKernels.Tensors.Nn;
using CrystalKernels.Tensors.Random;
using CrystalKernels.Training.Optim;

namespace CrystalKernels.Tests.Optim;

public class OptimizerStateTests
{
    private const int TotalSteps = 7;
    private const int SplitAt = 4;

    [TestCase("adam")]
    [TestCase("adamw")]
    public void SaveRestoreAndContinueIsBitwiseEqualToAnUninterruptedRun(string kind)
    {
        var schedule = new WarmupCosineLr(peakLr: 3e-2, minLr: 1e-3, warmupSteps: 2, totalSteps: TotalSteps);
        var path = TempPath();
        try
        {
            // Uninterrupted run.
            var straight = MakeParams();
            var optA = NewOptimizer(kind, straight);
            for (var s = 0; s < TotalSteps; s++)
            {
                TrainStep(optA, straight, schedule);
            }

            // k steps, save (parameters are copied as a model checkpoint would), restore into a fresh optimizer with
            // other hyper-parameters, continue.
            var first = MakeParams();
            var optB = NewOptimizer(kind, first);
            for (var s = 0; s < SplitAt; s++)
            {
                TrainStep(optB, first, schedule);
            }

            optB.Save(path);
            var resumed = first.Select(p => Parameter.From(p.Name!, p)).ToArray();
            var optC = kind == "adamw" ? (AdamBase)new AdamW(resumed, lr: 0.5, weightDecay: 0.9) : new Adam(resumed, lr: 0.5, beta1: 0.1);
            optC.Restore(path);
            Assert.That(optC.StepCount, Is.EqualTo(SplitAt));
            Assert.That((optC.Beta1, optC.Beta2, optC.Eps, optC.WeightDecay), Is.EqualTo((optA.Beta1, optA.Beta2, optA.Eps, optA.WeightDecay)));
            for (var s = SplitAt; s < TotalSteps; s++)
            {
                TrainStep(optC, resumed, schedule);
            }

            for (var i = 0; i < straight.Length; i++)
            {
                var name = straight[i].Name!;
                Assert.That(AdamTests.Bits(resumed[i].ToFloatArray()), Is.EqualTo(AdamTests.Bits(straight[i].ToFloatArray())).AsCollection, name);
                var (sa, sc) = (optA.StateOf(name)!, optC.StateOf(name)!);
                Assert.That(sc.Step, Is.EqualTo(sa.Step), name);
                Assert.That(AdamTests.Bits(sc.ExpAvg.ToFloatArray()), Is.EqualTo(AdamTests.Bits(sa.ExpAvg.ToFloatArray())).AsCollection, name);
                Assert.That(AdamTests.Bits(sc.ExpAvgSq.ToFloatArray()), Is.EqualTo(AdamTests.Bits(sa.ExpAvgSq.ToFloatArray())).AsCollection, name);
            }

            // "late" had no gradient for its first steps: its own step count lags the optimizer's.
            Assert.That(optC.StateOf("late")!.Step, Is.EqualTo(TotalSteps - 2));
            Assert.That(optC.Lr, Is.EqualTo(optA.Lr));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Test]
    public void FileHoldsMomentsStepsAndHyperParameters()
    {
        var ps = MakeParams();
        var opt = NewOptimizer("adamw", ps);
        opt.Lr = 0.1 + 0.2; // 0.30000000000000004: only round-trip formatting keeps the last bit
        ps[0].Grad = Tensor.Full(ps[0].Shape, 0.5, DType.Float32);
        opt.Step();
        var path = TempPath();
        try
        {
            opt.Save(path);
            var c = SafeTensors.Read(path);
            Assert.That(c.Metadata["optimizer"], Is.EqualTo("adamw"));
            Assert.That(double.Parse(c.Metadata["lr"], System.Globalization.CultureInfo.InvariantCulture), Is.EqualTo(0.1 + 0.2));
            Assert.That(c.Metadata["step/w1"], Is.EqualTo("1"));
            Assert.That(c.Metadata.ContainsKey("step/late"), Is.False);
            Assert.That(c.Tensors.Keys, Is.EquivalentTo(new[] { "exp_avg/w1", "exp_avg_sq/w1" }));

            // m after one step = (1 - beta1) * g = 0.1 * 0.5; v = (1 - beta2) * g^2 = 0.01 * 0.25 (this AdamW has beta2 0.99).
            Assert.That(c.Tensors["exp_avg/w1"].ToDoubleArray(), Has.All.EqualTo(0.05).Within(1e-8));
            Assert.That(c.Tensors["exp_avg_sq/w1"].ToDoubleArray(), Has.All.EqualTo(0.0025).Within(1e-10));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Test]
    public void MismatchedStateIsRejectedAndLeavesTheOptimizerUnchanged()
    {
        var path = TempPath();
        try
        {
            var ps = MakeParams();
            var adamw = NewOptimizer("adamw", ps);
            TrainStep(adamw, ps, new ConstantLr(1e-2));
            adamw.Save(path);

            var adam = new Adam(MakeParams(), lr: 0.25);
            Assert.That(() => adam.Restore(path), Throws.InstanceOf<FormatException>().With.Message.Contains(path).And.Message.Contains("adamw"));

            var otherShapes = new[] { Parameter.Create("w1", new Shape(4, 3)), Parameter.Create("w2", new Shape(5)), Parameter.Create("late", new Shape(2)) };
            var wrong = new AdamW(otherShapes, lr: 0.25);
            Assert.That(() => wrong.Restore(path), Throws.InstanceOf<FormatException>().With.Message.Contains("exp_avg/w1"));
            Assert.That(wrong.Lr, Is.EqualTo(0.25));
            Assert.That(wrong.StateOf("w2"), Is.Null);

            var missing = new AdamW([Parameter.Create("w1", new Shape(3, 4))]);
            Assert.That(() => missing.Restore(path), Throws.InstanceOf<FormatException>().With.Message.Contains("'w2'"));
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static Tensor[] MakeParams()
    {
        var rng = RngStream.Create(77, "optim-state-init");
        Tensor Init(string name, int[] shape, ulong sub)
        {
            var values = new float[new Shape(shape).Numel];
            rng.Sub(sub).FillUniform(values);
            return Parameter.From(name, Tensor.FromArray(values.Select(v => 2 * v - 1).ToArray(), shape));
        }

        return [Init("w1", [3, 4], 0), Init("w2", [5], 1), Init("late", [2], 2)];
    }

    private static AdamBase NewOptimizer(string kind, Tensor[] ps) =>
        kind == "adamw" ? new AdamW(ps, lr: 1e-2, beta2: 0.99, weightDecay: 0.05) : new Adam(ps, lr: 1e-2, beta1: 0.8, weightDecay: 1e-3);

    // A quadratic pull to a target plus step-indexed noise: the gradient depends on the current parameters, so any
    // difference after the restore would grow instead of hiding. "late" gets gradients only from the third step.
    private static void TrainStep(AdamBase opt, Tensor[] ps, ILrSchedule schedule)
    {
        var step = opt.StepCount;
        opt.Lr = schedule.At(step);
        var noise = RngStream.Create(5, "optim-state-grad").Sub((ulong)step);
        ulong offset = 0;
        foreach (var p in ps)
        {
            if (p.Name == "late" && step < 2)
            {
                p.Grad = null;
                continue;
            }

            var w = p.ToFloatArray();
            var g = new float[w.Length];
            for (var i = 0; i < w.Length; i++)
            {
                g[i] = (w[i] - 0.3f) + 0.1f * (noise.Uniform(offset + (ulong)i) - 0.5f);
            }

            offset += (ulong)w.Length;
            p.Grad = Tensor.FromArray(g, p.Shape.ToArray());
        }

        opt.Step();
    }

    private static string TempPath() => Path.Combine(Path.GetTempPath(), $"ck-optim-{Guid.NewGuid():N}.safetensors");
}
