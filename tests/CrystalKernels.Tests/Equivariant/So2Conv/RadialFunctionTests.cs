using CrystalKernels.Equivariant.Nn;
using CrystalKernels.Tensors;
using CrystalKernels.Tensors.Random;
using CrystalKernels.Tests.Support;

namespace CrystalKernels.Tests.Equivariant.So2Conv;

/// <summary>RadialFunction: reference names and shapes, init per §3.18, forward per §3.7, gradients.</summary>
public class RadialFunctionTests
{
    [Test]
    public void NamesAndShapesFollowTheReferenceSequential()
    {
        var rf = new RadialFunction("blocks.0.ga.so2_conv_1.rad_func", [856, 128, 128, 4608], RngStream.Create(1, "init"), DType.Float32);
        var ps = rf.Parameters.Select(p => $"{p.Name}{p.Shape}").ToArray();
        Assert.That(ps, Is.EqualTo(new[]
        {
            "blocks.0.ga.so2_conv_1.rad_func.net.0.weight[128, 856]", "blocks.0.ga.so2_conv_1.rad_func.net.0.bias[128]",
            "blocks.0.ga.so2_conv_1.rad_func.net.1.weight[128]", "blocks.0.ga.so2_conv_1.rad_func.net.1.bias[128]",
            "blocks.0.ga.so2_conv_1.rad_func.net.3.weight[128, 128]", "blocks.0.ga.so2_conv_1.rad_func.net.3.bias[128]",
            "blocks.0.ga.so2_conv_1.rad_func.net.4.weight[128]", "blocks.0.ga.so2_conv_1.rad_func.net.4.bias[128]",
            "blocks.0.ga.so2_conv_1.rad_func.net.6.weight[4608, 128]", "blocks.0.ga.so2_conv_1.rad_func.net.6.bias[4608]",
        }));
        Assert.That(rf.Parameters.Sum(p => p.Numel), Is.EqualTo(721_152), "856·128+128 + 256 + 128·128+128 + 256 + 128·4608+4608");
    }

    [Test]
    public void InitIsUniformWithinOneOverSqrtInAndNormsAreIdentity()
    {
        var rf = new RadialFunction("rf", [600, 128, 64], RngStream.Create(3, "init"), DType.Float64);
        var p = rf.Parameters.ToDictionary(t => t.Name!);
        foreach (var (name, inF) in new[] { ("rf.net.0", 600), ("rf.net.3", 128) })
        {
            var w = p[name + ".weight"].ToDoubleArray();
            var bound = 1 / Math.Sqrt(inF);
            var (min, max) = (w.Min(), w.Max());
            var variance = w.Select(v => v * v).Average();
            TestContext.Out.WriteLine($"{name}: min {min:F5} max {max:F5} bound {bound:F5} var {variance:E3} (U: {bound * bound / 3:E3})");
            Assert.Multiple(() =>
            {
                Assert.That(min, Is.GreaterThanOrEqualTo(-bound).And.LessThan(-0.99 * bound));
                Assert.That(max, Is.LessThanOrEqualTo(bound).And.GreaterThan(0.99 * bound));
                Assert.That(variance, Is.EqualTo(bound * bound / 3).Within(5).Percent);
                Assert.That(p[name + ".bias"].ToDoubleArray(), Is.All.EqualTo(0.0));
            });
        }

        Assert.That(p["rf.net.1.weight"].ToDoubleArray(), Is.All.EqualTo(1.0));
        Assert.That(p["rf.net.1.bias"].ToDoubleArray(), Is.All.EqualTo(0.0));
        Assert.That(p.Keys, Has.No.Member("rf.net.4.weight"), "no norm after the last Linear");
    }

    [Test]
    public void ForwardIsLinearNormSiluLinear()
    {
        // [3, 4, 2]: one hidden layer, checked by hand-written loops.
        var rf = new RadialFunction("rf", [3, 4, 2], RngStream.Create(5, "init"), DType.Float64);
        var p = rf.Parameters.ToDictionary(t => t.Name!, t => t.ToDoubleArray());
        var x = new[] { 0.3, -1.2, 2.0 };
        var h = new double[4];
        for (var o = 0; o < 4; o++)
        {
            h[o] = p["rf.net.0.bias"][o] + Enumerable.Range(0, 3).Sum(i => p["rf.net.0.weight"][(o * 3) + i] * x[i]);
        }

        var mean = h.Average();
        var variance = h.Select(v => (v - mean) * (v - mean)).Average();
        for (var o = 0; o < 4; o++)
        {
            var n = ((h[o] - mean) / Math.Sqrt(variance + 1e-5) * p["rf.net.1.weight"][o]) + p["rf.net.1.bias"][o];
            h[o] = n / (1 + Math.Exp(-n));
        }

        var y = rf.Forward(null, Tensor.FromArray(x, 1, 3)).ToDoubleArray();
        for (var o = 0; o < 2; o++)
        {
            var expected = p["rf.net.3.bias"][o] + Enumerable.Range(0, 4).Sum(i => p["rf.net.3.weight"][(o * 4) + i] * h[i]);
            Assert.That(y[o], Is.EqualTo(expected).Within(1e-14));
        }
    }

    [Test]
    [Category(Categories.GradCheck)]
    public void GradientsWithRespectToInputAndEveryParameter()
    {
        var rf = new RadialFunction("rf", [5, 4, 4, 6], RngStream.Create(7, "init"), DType.Float64);
        Perturb(rf.Parameters, 8);
        var x = GradCheck.Random(9, -2, 2, 3, 5);
        GradCheck.Assert("RadialFunction", (tape, xs) => rf.Forward(tape, xs[0]), [x, .. rf.Parameters]);
    }

    [Test]
    public void WrongInputWidthNamesTheModule()
    {
        var rf = new RadialFunction("blocks.3.ga.so2_conv_1.rad_func", [5, 4, 6], RngStream.Create(1, "init"), DType.Float64);
        var ex = Assert.Throws<ShapeMismatchException>(() => rf.Forward(null, Tensor.Zeros(new Shape(2, 4), DType.Float64)));
        Assert.That(ex!.Message, Does.Contain("blocks.3.ga.so2_conv_1.rad_func"));
    }

    /// <summary>Adds U(−0.1, 0.1) to every parameter so constant-initialised ones (norm weight 1, biases 0) are generic.</summary>
    internal static void Perturb(IEnumerable<Tensor> parameters, ulong seed)
    {
        var rng = RngStream.Create(seed, "perturb");
        var i = 0UL;
        foreach (var p in parameters)
        {
            var s = p.Span<double>();
            for (var j = 0; j < s.Length; j++)
            {
                s[j] += 0.2 * (rng.UniformDouble(i++) - 0.5);
            }
        }
    }
}
