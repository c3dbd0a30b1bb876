using CrystalKernels.Tensors;
using CrystalKernels.Tensors.Backends.Cpu;
using CrystalKernels.Tensors.Nn;
using CrystalKernels.Tensors.Random;
using CrystalKernels.Tests.Support;
using CrystalKernels.Training.Optim;

namespace CrystalKernels.Tests.Optim;

public class AdamTests
{
    private static readonly double[] P0 = [1.0, -2.0, 0.5, 0.03, -1.25];

    // Three steps of gradients with sign changes, a tiny entry (eps matters) and a zero.
    private static readonly double[][] Grads =
    [
        [0.5, -3.0, 1e-3, 0.2, 0.0],
        [-0.25, -2.5, 2e-3, -0.7, 0.1],
        [0.75, 1.5, -5e-4, 0.05, -0.3],
    ];

    [Test]
    public void FirstAdamStepMovesEachWeightByAboutLrTimesSignOfGrad()
    {
        // Worked by hand, lr = 0.1: after one step m_hat = g and sqrt(v_hat) = |g| exactly, so each weight moves by
        // lr * g / (|g| + eps):
        //   p =  1,   g =  0.5  : 0.5 / (0.5 + 1e-8)   = 1 - 2e-8 + ...      -> 1 - 0.099999998          = 0.900000002
        //   p = -2,   g = -3    : -3 / (3 + 1e-8)      = -(1 - 3.33e-9 + ...) -> -2 + 0.0999999996666667 = -1.9000000003333333
        //   p =  0.5, g =  1e-3 : 1e-3 / (1e-3 + 1e-8) = 1 / (1 + 1e-5)      -> 0.5 - 0.0999990000099999 = 0.4000009999900001
        var p = Parameter.From("w", Tensor.FromArray(new[] { 1.0, -2.0, 0.5 }, 3));
        p.Grad = Tensor.FromArray(new[] { 0.5, -3.0, 1e-3 }, 3);
        var opt = new Adam([p], lr: 0.1);
        opt.Step();
        Assert.That(p.ToDoubleArray(), Is.EqualTo(new[] { 0.900000002, -1.9000000003333333, 0.4000009999900001 }).Within(1e-15).AsCollection);
        Assert.That(opt.StateOf("w")!.Step, Is.EqualTo(1));
        Assert.That(opt.StepCount, Is.EqualTo(1));
    }

    [Test]
    public void ConstantGradientMovesByLrTimesSignEveryStep()
    {
        // With a constant g, m_t = (1 - b1^t) g and v_t = (1 - b2^t) g^2 exactly, so the bias-corrected step is
        // lr * g / (|g| + eps) at every t: three steps of lr = 0.01 from 1 with g = 2 reach 1 - 3 * 0.01 * 2/(2 + 1e-8).
        var p = Parameter.From("w", Tensor.FromArray(new[] { 1.0 }, 1));
        p.Grad = Tensor.FromArray(new[] { 2.0 }, 1);
        var opt = new Adam([p], lr: 0.01);
        for (var t = 0; t < 3; t++)
        {
            opt.Step();
        }

        Assert.That(p.Item(), Is.EqualTo(0.97000000015).Within(1e-14));
    }

    [Test]
    public void AdamWDecaysTheWeightBeforeTheUpdateAndAdamAddsDecayToTheGradient()
    {
        // By hand, p = 1, g = 0.5, lr = 0.1, wd = 0.01, first step:
        //   AdamW: p * (1 - 0.1 * 0.01) = 0.999, then -0.1 * 0.5/(0.5 + 1e-8) = -0.099999998  -> 0.899000002
        //   Adam : g' = 0.5 + 0.01 * 1 = 0.51; -0.1 * 0.51/(0.51 + 1e-8) = -0.1 + 1.96078e-9  -> 0.9000000019607843
        var pw = Parameter.From("w", Tensor.FromArray(new[] { 1.0 }, 1));
        pw.Grad = Tensor.FromArray(new[] { 0.5 }, 1);
        new AdamW([pw], lr: 0.1, weightDecay: 0.01).Step();
        Assert.That(pw.Item(), Is.EqualTo(0.899000002).Within(1e-15));

        var pa = Parameter.From("w", Tensor.FromArray(new[] { 1.0 }, 1));
        pa.Grad = Tensor.FromArray(new[] { 0.5 }, 1);
        new Adam([pa], lr: 0.1, weightDecay: 0.01).Step();
        Assert.That(pa.Item(), Is.EqualTo(0.9000000019607843).Within(1e-15));
    }

    [TestCase("adam", 0.0, 0.9, 0.999)]
    [TestCase("adam", 0.1, 0.9, 0.999)]
    [TestCase("adamw", 0.1, 0.9, 0.999)]
    [TestCase("adam", 0.0, 0.5, 0.999)] // the GAN discriminator's betas: lerp weight 0.5 takes PyTorch's other branch
    [TestCase("adamw", 0.3, 0.0, 0.9)]
    public void ThreeStepsMatchTheTextbookFormulasInDouble(string kind, double wd, double beta1, double beta2)
    {
        foreach (var dtype in new[] { DType.Float64, DType.Float32 })
        {
            var p = Parameter.From("w", Tensor.FromArray(P0, P0.Length).To(dtype));
            var opt = Make(kind, [p], lr: 0.05, beta1, beta2, 1e-8, wd);
            var refP = p.ToDoubleArray();
            var reference = new TextbookAdam(P0.Length, 0.05, beta1, beta2, 1e-8, wd, decoupled: kind == "adamw");
            foreach (var g in Grads)
            {
                p.Grad = Tensor.FromArray(g, g.Length).To(dtype);
                opt.Step();
                reference.Step(refP, p.Grad.ToDoubleArray());
                var tol = dtype == DType.Float64 ? Tol.AdamFloat64Abs : Tol.AdamFloat32Abs;
                Assert.That(p.ToDoubleArray(), Is.EqualTo(refP).Within(tol).AsCollection, $"{dtype} after step {opt.StepCount}");
            }

            // The three steps moved the weights by ~3 lr: a reference that agreed trivially would not.
            Assert.That(Math.Abs(refP[1] - P0[1]), Is.GreaterThan(0.1));
        }
    }

    [Test]
    public void LargeTensorMatchesTheReferenceAndIsIndependentOfTheThreadCount()
    {
        // Several parallel chunks (2^15 elements each), a SIMD body and a scalar tail.
        const int n = (2 << 15) + 1003;
        var rng = RngStream.Create(11, "adam-large");
        var p0 = new double[n];
        rng.FillNormal(p0);
        var grads = Enumerable.Range(0, 3).Select(t =>
        {
            var g = new double[n];
            rng.Sub((ulong)t).FillNormal(g);
            return Tensor.FromArray(g, n).To(DType.Float32);
        }).ToArray();

        var saved = CpuParallel.Threads;
        try
        {
            var results = new List<float[]>();
            foreach (var threads in new[] { 1, 2 })
            {
                CpuParallel.Threads = threads;
                var p = Parameter.From("w", Tensor.FromArray(p0, n).To(DType.Float32));
                var opt = new AdamW([p], lr: 1e-2, weightDecay: 0.05);
                var refP = p.ToDoubleArray();
                var reference = new TextbookAdam(n, 1e-2, 0.9, 0.999, 1e-8, 0.05, decoupled: true);
                foreach (var g in grads)
                {
                    p.Grad = g;
                    opt.Step();
                    reference.Step(refP, g.ToDoubleArray());
                }

                // |p| reaches ~5 for normal draws: the float32 rounding bound scales with |p|.
                var got = p.ToDoubleArray();
                var worst = got.Select((x, i) => Math.Abs(x - refP[i]) / Math.Max(1, Math.Abs(refP[i]))).Max();
                Assert.That(worst, Is.LessThan(Tol.AdamFloat32Abs));
                results.Add(p.ToFloatArray());
            }

            Assert.That(Bits(results[1]), Is.EqualTo(Bits(results[0])).AsCollection);
        }
        finally
        {
            CpuParallel.Threads = saved;
        }
    }

    [Test]
    public void SimdBodyAndScalarTailRoundIdentically()
    {
        // The same values updated as one 37-element tensor (mostly SIMD) and as 37 one-element tensors (scalar only).
        const int n = 37;
        var rng = RngStream.Create(3, "adam-simd");
        var p0 = Enumerable.Range(0, n).Select(i => (float)rng.Normal((ulong)i)).ToArray();
        var g = Enumerable.Range(0, n).Select(i => (float)rng.Normal((ulong)(i + n)) * 1e-3f).ToArray();
        var whole = Parameter.From("w", Tensor.FromArray(p0, n));
        var parts = Enumerable.Range(0, n).Select(i => Parameter.From($"w{i}", Tensor.FromArray(new[] { p0[i] }, 1))).ToArray();
        var optWhole = new Adam([whole], lr: 1e-3, weightDecay: 0.01);
        var optParts = new Adam(parts, lr: 1e-3, weightDecay: 0.01);
        for (var t = 0; t < 3; t++)
        {
            whole.Grad = Tensor.FromArray(g.Select(x => x * (t + 1)).ToArray(), n);
            for (var i = 0; i < n; i++)
            {
                parts[i].Grad = Tensor.FromArray(new[] { g[i] * (t + 1) }, 1);
            }

            optWhole.Step();
            optParts.Step();
        }

        Assert.That(Bits(parts.Select(q => q.ToFloatArray()[0]).ToArray()), Is.EqualTo(Bits(whole.ToFloatArray())).AsCollection);
    }

    [Test]
    public void ParametersWithoutGradAreSkippedAndKeepTheirOwnStepCount()
    {
        var a = Parameter.From("a", Tensor.FromArray(new[] { 1.0 }, 1));
        var b = Parameter.From("b", Tensor.FromArray(new[] { 1.0 }, 1));
        var opt = new Adam([a, b], lr: 0.1);
        a.Grad = Tensor.FromArray(new[] { 0.5 }, 1);
        opt.Step();
        opt.Step();
        Assert.That(b.Item(), Is.EqualTo(1.0));
        Assert.That(opt.StateOf("b"), Is.Null);
        Assert.That(opt.StateOf("a")!.Step, Is.EqualTo(2));

        // b's first gradient arrives at the optimizer's third step: its own t = 1, so it moves by ~lr as a first step.
        b.Grad = Tensor.FromArray(new[] { -4.0 }, 1);
        opt.Step();
        Assert.That(b.Item(), Is.EqualTo(1.0 + 0.1 * 4.0 / (4.0 + 1e-8)).Within(1e-15));
        Assert.That(opt.StateOf("b")!.Step, Is.EqualTo(1));
        Assert.That(opt.StepCount, Is.EqualTo(3));
    }

    [Test]
    public void BadInputIsAClearError()
    {
        var plain = Tensor.FromArray(new[] { 1.0 }, 1);
        Assert.That(() => new Adam([plain]), Throws.ArgumentException.With.Message.Contains("not a named parameter"));
        var a = Parameter.From("a", Tensor.FromArray(new[] { 1.0 }, 1));
        var a2 = Parameter.From("a", Tensor.FromArray(new[] { 2.0 }, 1));
        Assert.That(() => new AdamW([a, a2]), Throws.ArgumentException.With.Message.Contains("'a'"));
        Assert.That(() => new Adam([a], beta1: 1.0), Throws.InstanceOf<ArgumentOutOfRangeException>().With.Message.Contains("beta1"));
        Assert.That(() => new Adam([a], lr: -1), Throws.InstanceOf<ArgumentOutOfRangeException>().With.Message.Contains("learning rate"));

        var opt = new Adam([a]);
        a.Grad = Tensor.FromArray(new[] { 1.0, 2.0 }, 2);
        Assert.That(() => opt.Step(), Throws.InvalidOperationException.With.Message.Contains("a float64[1]"));
        Assert.That(opt.StepCount, Is.Zero);
    }

    internal static AdamBase Make(string kind, Tensor[] ps, double lr, double beta1, double beta2, double eps, double wd) =>
        kind == "adamw" ? new AdamW(ps, lr, beta1, beta2, eps, wd) : new Adam(ps, lr, beta1, beta2, eps, wd);

    internal static int[] Bits(float[] x) => x.Select(BitConverter.SingleToInt32Bits).ToArray();
}
