using CrystalKernels.Equivariant.Layout;
using CrystalKernels.Equivariant.Nn;
using CrystalKernels.Tensors;
using CrystalKernels.Tensors.Ops;
using CrystalKernels.Tensors.Random;
using CrystalKernels.Tests.Support;

namespace CrystalKernels.Tests.Equivariant.So2Conv;

/// <summary>So2Convolution: the §3.9 formulas, SO(2) equivariance, gradients, paper-config shapes, float32.</summary>
public class So2ConvolutionTests
{
    private static readonly SphericalLayout L3M2 = new(3, 2);
    private static readonly SphericalLayout L6M2 = new(6, 2);

    [Test]
    public void MatchesTheFormulasWithRadialAndExtra()
    {
        var conv = New(L6M2, 3, 2, 5, [4, 6, 6]);
        var x = GradCheck.Random(11, -1, 1, 4, L6M2.KReduced, 3);
        var s = GradCheck.Random(12, -1, 1, 4, 4);
        var rad = conv.RadFunc!.Forward(null, s);
        var (y, extra) = conv.Forward(null, x, s);
        var (ry, rextra) = Reference(conv, x, rad);
        Assert.That(extra, Is.Not.Null);
        var errY = Diff.MaxAbs(y.ToDoubleArray(), ry);
        var errX = Diff.MaxAbs(extra!.ToDoubleArray(), rextra);
        TestContext.Out.WriteLine($"vs formula loops: y {errY:E2}, extra {errX:E2}");
        Assert.That(errY, Is.LessThanOrEqualTo(So2ConvTol.Float64Formula));
        Assert.That(errX, Is.LessThanOrEqualTo(So2ConvTol.Float64Formula));
        Assert.That(y.Shape.ToArray(), Is.EqualTo(new[] { 4, 29, 2 }));
        Assert.That(extra.Shape.ToArray(), Is.EqualTo(new[] { 4, 5 }));
    }

    [Test]
    public void MatchesTheFormulasWithoutRadialOrExtra()
    {
        var conv = New(L6M2, 2, 3, 0, null);
        var x = GradCheck.Random(13, -1, 1, 3, L6M2.KReduced, 2);
        var (y, extra) = conv.Forward(null, x, null);
        Assert.That(extra, Is.Null);
        Assert.That(Diff.MaxAbs(y.ToDoubleArray(), Reference(conv, x, null).Y), Is.LessThanOrEqualTo(So2ConvTol.Float64Formula));
    }

    [Test]
    [Category(Categories.Equivariance)]
    public void CommutesWithRotationsAboutTheEdgeAxis()
    {
        // In the edge frame the edge is +y; a rotation by θ about y maps each (l, ±m) pair by e^{imθ}, which the
        // complex product (W_r + iW_i) commutes with; m = 0 and the extra scalars are invariant.
        var conv = New(L6M2, 3, 4, 2, [5, 4, 4]);
        var x = GradCheck.Random(14, -1, 1, 3, L6M2.KReduced, 3);
        var s = GradCheck.Random(15, -1, 1, 3, 5);
        var (y, extra) = conv.Forward(null, x, s);
        foreach (var theta in new[] { 0.3, 2.0, -1.1 })
        {
            var (yr, extraR) = conv.Forward(null, RotateAboutY(x, L6M2, theta), s);
            var rotatedY = RotateAboutY(y, L6M2, theta);
            Assert.That(Diff.MaxAbs(yr.ToDoubleArray(), rotatedY.ToDoubleArray()), Is.LessThanOrEqualTo(So2ConvTol.So2Equivariance), $"θ = {theta}");
            Assert.That(Diff.MaxAbs(extraR!.ToDoubleArray(), extra!.ToDoubleArray()), Is.LessThanOrEqualTo(So2ConvTol.So2Equivariance), $"θ = {theta}");
        }
    }

    [Test]
    [Category(Categories.GradCheck)]
    public void GradientsWithRadialAndExtra()
    {
        var conv = New(L3M2, 2, 3, 2, [4, 5, 5]);
        var x = GradCheck.Random(16, -1, 1, 3, L3M2.KReduced, 2);
        var s = GradCheck.Random(17, -1, 1, 3, 4);

        // Y and Extra through one output: Y flattened, then the extra scalars.
        GradCheck.Assert("So2Convolution(radial, extra)", (tape, xs) =>
        {
            var (y, extra) = conv.Forward(tape, xs[0], xs[1]);
            return Op.Concat(tape, 1, Op.Reshape(tape, y, 3, -1), extra!);
        }, [x, s, .. conv.Parameters]);
    }

    [Test]
    [Category(Categories.GradCheck)]
    public void GradientsWithoutRadialAtMMaxOne()
    {
        var layout = new SphericalLayout(2, 1);
        var conv = New(layout, 3, 2, 0, null);
        var x = GradCheck.Random(18, -1, 1, 2, layout.KReduced, 3);
        GradCheck.Assert("So2Convolution(plain)", (tape, xs) => conv.Forward(tape, xs[0], null).Y, [x, .. conv.Parameters]);
    }

    [Test]
    [Category(Categories.GradCheck)]
    public void GradientsWithRespectToPrecomputedRadialWeights()
    {
        var conv = New(L3M2, 2, 2, 1, null);
        var x = GradCheck.Random(19, -1, 1, 2, L3M2.KReduced, 2);
        var rad = GradCheck.Random(20, -1, 1, 2, conv.RadialWidth);
        GradCheck.Assert("So2Convolution(rad)", (tape, xs) => conv.ForwardWithRadial(tape, xs[0], xs[1]).Y, x, rad);
    }

    [Test]
    public void PaperConfigShapesAndParameterCounts()
    {
        // §3.9 table; with the attention block's other parameters (§3.10: 2·119·128 edge embeddings, LayerNorm_32,
        // α_dot [8, 32], SO3_LinearV2 7·128·128 + 128) they add up to the §3.1 attention count 9,962,048.
        var conv1 = new So2Convolution("blocks.0.ga.so2_conv_1", L6M2, 256, 128, 384, [856, 128, 128], RngStream.Create(1, "init"), DType.Float32);
        var conv2 = new So2Convolution("blocks.0.ga.so2_conv_2", L6M2, 128, 128, 0, null, RngStream.Create(2, "init"), DType.Float32);
        string Shapes(So2Convolution c) => string.Join(" ", c.OrderLinears.Select(l => $"{l.Weight.Shape}{(l.Bias is null ? string.Empty : "+b")}"));
        Assert.Multiple(() =>
        {
            Assert.That(Shapes(conv1), Is.EqualTo("[1280, 1792]+b [1536, 1536] [1280, 1280]"));
            Assert.That(Shapes(conv2), Is.EqualTo("[896, 896]+b [1536, 768] [1280, 640]"));
            Assert.That(conv1.RadFunc!.OutFeatures, Is.EqualTo(4608));
            Assert.That(conv2.RadFunc, Is.Null);
            var others = (2 * 119 * 128) + (2 * 32) + (8 * 32) + (7 * 128 * 128) + 128;
            Assert.That(conv1.Parameters.Sum(p => p.Numel) + conv2.Parameters.Sum(p => p.Numel) + others, Is.EqualTo(9_962_048));
        });
    }

    [Test]
    public void InitIsNormalOneOverInForEveryOrder()
    {
        var conv = New(L6M2, 64, 32, 16, null, init: true);
        foreach (var l in conv.OrderLinears)
        {
            var w = l.Weight.ToDoubleArray();
            var variance = w.Select(v => v * v).Average();
            var expected = 1.0 / l.InFeatures;
            TestContext.Out.WriteLine($"{l.Name}: var {variance:E4} vs 1/in {expected:E4} ({w.Length} draws)");
            Assert.That(variance, Is.EqualTo(expected).Within(3 * Math.Sqrt(2.0 / w.Length) * expected), "no 1/√2 on m > 0 (erased by the global init)");
            Assert.That(l.Bias?.ToDoubleArray() ?? [], Is.All.EqualTo(0.0));
        }

        Assert.That(conv.Parameters.Select(p => p.Name), Is.EqualTo(new[] { "c.fc_m0.weight", "c.fc_m0.bias", "c.so2_m_conv.0.fc.weight", "c.so2_m_conv.1.fc.weight" }));
    }

    [Test]
    public void Float32AgreesWithFloat64()
    {
        var c64 = New(L6M2, 8, 4, 3, [10, 6, 6]);
        var c32 = new So2Convolution("c", L6M2, 8, 4, 3, [10, 6, 6], RngStream.Create(99, "init"), DType.Float32);
        foreach (var (p64, p32) in c64.Parameters.Zip(c32.Parameters))
        {
            p64.CopyFrom(p64.To(DType.Float32));
            p32.CopyFrom(p64);
        }

        var x = GradCheck.Random(21, -1, 1, 16, L6M2.KReduced, 8).To(DType.Float32);
        var s = GradCheck.Random(22, -2, 2, 16, 10).To(DType.Float32);
        var (y64, e64) = c64.Forward(null, x.To(DType.Float64), s.To(DType.Float64));
        var (y32, e32) = c32.Forward(null, x, s);
        var errY = ModelSmallFixture.RelativeToMaxAbs(y32, y64);
        var errE = ModelSmallFixture.RelativeToMaxAbs(e32!, e64!);
        TestContext.Out.WriteLine($"float32 vs float64 relative to max abs: y {errY:E2}, extra {errE:E2}");
        Assert.That(y32.DType, Is.EqualTo(DType.Float32));
        Assert.That(errY, Is.LessThanOrEqualTo(So2ConvTol.Float32Module));
        Assert.That(errE, Is.LessThanOrEqualTo(So2ConvTol.Float32Module));
    }

    [Test]
    public void RadialInputMustMatchTheConfiguration()
    {
        var withRad = New(L3M2, 2, 2, 0, [3, 4]);
        var plain = New(L3M2, 2, 2, 0, null);
        var x = Tensor.Zeros(new Shape(1, L3M2.KReduced, 2), DType.Float64);
        Assert.Throws<ArgumentException>(() => withRad.Forward(null, x, null));
        Assert.Throws<ArgumentException>(() => plain.Forward(null, x, Tensor.Zeros(new Shape(1, 3), DType.Float64)));
        var ex = Assert.Throws<ShapeMismatchException>(() => plain.Forward(null, Tensor.Zeros(new Shape(1, L3M2.KReduced, 3), DType.Float64), null));
        Assert.That(ex!.Message, Does.Contain("c").And.Contain("[E, 14, 2]"));
    }

    /// <summary>A float64 convolution named "c"; parameters perturbed so biases and norms are generic unless <paramref name="init"/>.</summary>
    private static So2Convolution New(SphericalLayout layout, int cin, int cout, int extra, int[]? radial, bool init = false)
    {
        var conv = new So2Convolution("c", layout, cin, cout, extra, radial, RngStream.Create(99, "init"), DType.Float64);
        if (!init)
        {
            RadialFunctionTests.Perturb(conv.Parameters, 100);
        }

        return conv;
    }

    /// <summary>§3.9 evaluated with plain loops over (l, m) found through ReducedL/ReducedM.</summary>
    private static (double[] Y, double[] Extra) Reference(So2Convolution conv, Tensor x, Tensor? rad)
    {
        var layout = conv.Layout;
        var (e, cin, cout, extra) = (x.Shape[0], conv.InChannels, conv.OutChannels, conv.ExtraM0Outputs);
        var (ls, ms) = (layout.ReducedL(), layout.ReducedM());
        int Row(int l, int m) => Enumerable.Range(0, ls.Length).Single(i => ls[i] == l && ms[i] == m);
        var (xs, rs) = (x.ToDoubleArray(), rad?.ToDoubleArray());
        var kr = layout.KReduced;
        var y = new double[e * kr * cout];
        var ex = new double[e * extra];
        var radOff = 0;
        for (var m = 0; m <= layout.MMax; m++)
        {
            var n = layout.LMax + 1 - m;
            var w = conv.OrderLinears[m].Weight.ToDoubleArray();
            var b = conv.OrderLinears[m].Bias?.ToDoubleArray();
            for (var ei = 0; ei < e; ei++)
            {
                double[] U(int sign)
                {
                    var u = new double[n * cin];
                    for (var i = 0; i < n; i++)
                    {
                        for (var c = 0; c < cin; c++)
                        {
                            var r = rs is null ? 1.0 : rs[(ei * conv.RadialWidth) + radOff + (i * cin) + c];
                            u[(i * cin) + c] = xs[(((ei * kr) + Row(m + i, sign)) * cin) + c] * r;
                        }
                    }

                    return u;
                }

                double Dot(int row, double[] u) => Enumerable.Range(0, n * cin).Sum(j => w[(row * n * cin) + j] * u[j]);
                if (m == 0)
                {
                    var u0 = U(0);
                    for (var o = 0; o < extra; o++)
                    {
                        ex[(ei * extra) + o] = Dot(o, u0) + b![o];
                    }

                    for (var i = 0; i < n; i++)
                    {
                        for (var co = 0; co < cout; co++)
                        {
                            var o = extra + (i * cout) + co;
                            y[(((ei * kr) + Row(i, 0)) * cout) + co] = Dot(o, u0) + b![o];
                        }
                    }
                }
                else
                {
                    var (up, um) = (U(m), U(-m));
                    for (var i = 0; i < n; i++)
                    {
                        for (var co = 0; co < cout; co++)
                        {
                            var (rr, ii) = ((i * cout) + co, (n * cout) + (i * cout) + co);
                            y[(((ei * kr) + Row(m + i, m)) * cout) + co] = Dot(rr, up) - Dot(ii, um);
                            y[(((ei * kr) + Row(m + i, -m)) * cout) + co] = Dot(rr, um) + Dot(ii, up);
                        }
                    }
                }
            }

            radOff += n * cin;
        }

        return (y, ex);
    }

    /// <summary>x'(l, +m) = cos(mθ) x(l, +m) − sin(mθ) x(l, −m), x'(l, −m) = sin(mθ) x(l, +m) + cos(mθ) x(l, −m) (X_l(θ), §3.5).</summary>
    private static Tensor RotateAboutY(Tensor x, SphericalLayout layout, double theta)
    {
        var (ls, ms) = (layout.ReducedL(), layout.ReducedM());
        var (e, kr, c) = (x.Shape[0], x.Shape[1], x.Shape[2]);
        var xs = x.ToDoubleArray();
        var y = (double[])xs.Clone();
        for (var p = 0; p < kr; p++)
        {
            if (ms[p] <= 0)
            {
                continue;
            }

            var q = Enumerable.Range(0, kr).Single(i => ls[i] == ls[p] && ms[i] == -ms[p]);
            var (cs, sn) = (Math.Cos(ms[p] * theta), Math.Sin(ms[p] * theta));
            for (var ei = 0; ei < e; ei++)
            {
                for (var ch = 0; ch < c; ch++)
                {
                    var (a, b) = (xs[(((ei * kr) + p) * c) + ch], xs[(((ei * kr) + q) * c) + ch]);
                    y[(((ei * kr) + p) * c) + ch] = (cs * a) - (sn * b);
                    y[(((ei * kr) + q) * c) + ch] = (sn * a) + (cs * b);
                }
            }
        }

        return Tensor.FromArray(y, e, kr, c);
    }
}
