using CrystalKernels.Equivariant.Frames;
using CrystalKernels.Equivariant.Layout;
using CrystalKernels.Equivariant.Wigner;
using CrystalKernels.Tensors;
using CrystalKernels.Tensors.Autograd;
using CrystalKernels.Tensors.Random;
using CrystalKernels.Tests.Support;

namespace CrystalKernels.Tests.Equivariant;

/// <summary>The gradient of the Wigner blocks with respect to the edge vector (roll choice fixed).</summary>
public class EdgeWignerGradientTests
{
    private static readonly SphericalLayout Full6 = new(6, 6);
    private static readonly SphericalLayout L6M2 = new(6, 2);

    [Test]
    [Category(Categories.Parity)]
    [Category(Categories.Data)]
    public void LinearFunctionalGradientMatchesReference()
    {
        // Full6 keeps every row, so the truncated storage is D^0..D^6 back to back: W_l is its upstream gradient.
        var fx = So3Fixture.Wigner();
        var r = fx.Doubles("edge_vec");
        var w = EdgeWigner.Compute(Tensor.FromArray(r, fx.Shape("edge_vec")), Full6, RollVector.Fixture, DType.Float64);
        var upstream = Upstream(fx, w.EdgeCount);
        var blocks = w.Blocks.ToDoubleArray();
        var value = fx.Doubles("functional_value");
        var dr = EdgeWigner.Backward(r, Full6, RollVector.Fixture, w.Angles, upstream);
        var (reference, fd, defined) = (fx.Doubles("functional_grad"), fx.Doubles("functional_grad_fd"), fx.Ints("grad_defined"));
        var scale = reference.Where(double.IsFinite).Max(Math.Abs);
        var (far, nearVsFd, valueErr) = (0.0, 0.0, 0.0);
        for (var e = 0; e < w.EdgeCount; e++)
        {
            var f = 0.0;
            for (var i = 0; i < Full6.TruncatedRotationSize; i++)
            {
                f += upstream[(e * Full6.TruncatedRotationSize) + i] * blocks[(e * Full6.TruncatedRotationSize) + i];
            }

            valueErr = Math.Max(valueErr, Math.Abs(f - value[e]));
            var err = Diff.MaxAbs(dr.AsSpan(3 * e, 3), reference.AsSpan(3 * e, 3));
            if (Math.Abs(w.Frames[(e * 9) + 4]) < 0.999)
            {
                Assert.That(defined[e], Is.EqualTo(1));
                far = Math.Max(far, err);
            }
            else
            {
                nearVsFd = Math.Max(nearVsFd, Diff.MaxAbs(dr.AsSpan(3 * e, 3), fd.AsSpan(3 * e, 3)));
            }
        }

        TestContext.Out.WriteLine($"functional value max abs err {valueErr:E2}; grad vs reference autograd (away from poles) {far:E2} " +
            $"(scale {scale:E2}); near/at poles vs reference finite differences {nearVsFd:E2}");
        Assert.That(valueErr, Is.LessThanOrEqualTo(Tol.Wigner * 10));
        Assert.That(far / scale, Is.LessThanOrEqualTo(Tol.WignerGrad));
    }

    [Test]
    [Category(Categories.GradCheck)]
    public void TruncatedBlocksGradCheck()
    {
        var rng = RngStream.Create(11, "edge-wigner-gradcheck");
        var r = Enumerable.Range(0, 8).SelectMany(i => { var v = RandomRotations.Edge(rng, (ulong)i); return new[] { v.X, v.Y, v.Z }; }).ToArray();
        var x = Tensor.FromArray(r, 8, 3);
        x.RequiresGrad = true;
        GradCheck.Assert("EdgeWigner", (tape, xs) => EdgeWigner.Compute(tape, xs[0], L6M2, RollVector.Fixture, DType.Float64).Blocks, x);
    }

    [Test]
    [Category(Categories.GradCheck)]
    public void GradientIsFiniteTangentialAndCorrectAtAndNearThePoles()
    {
        // The reference's autograd is NaN at ±y (acos'(1)); the generator form is the derivative of D(R_e(r)) itself.
        double[] r = [0, 1.3, 0, 0, -0.8, 0, 1e-3, 1, 0, 0, -1, 1e-6, 1e-6, 2, -1e-6];
        var e = r.Length / 3;
        var w = EdgeWigner.Compute(Tensor.FromArray(r, e, 3), L6M2, RollVector.Fixture, DType.Float64);
        var rng = RngStream.Create(3, "pole-upstream");
        var g = Enumerable.Range(0, e * L6M2.TruncatedRotationSize).Select(i => rng.Normal((ulong)i)).ToArray();
        var dr = EdgeWigner.Backward(r, L6M2, RollVector.Fixture, w.Angles, g);
        // Five-point stencil (error ~h⁴ f⁽⁵⁾/30): D varies with frequencies up to l = 6, so a central difference's
        // h² term would be ~1e-4 here. The Euler route's forward error (~1e-16/θ at θ rad from a pole) stays ~1e-12.
        const double H = 1e-4;
        var worst = 0.0;
        for (var i = 0; i < e; i++)
        {
            var d = Math.Sqrt((r[3 * i] * r[3 * i]) + (r[(3 * i) + 1] * r[(3 * i) + 1]) + (r[(3 * i) + 2] * r[(3 * i) + 2]));
            var radial = ((dr[3 * i] * r[3 * i]) + (dr[(3 * i) + 1] * r[(3 * i) + 1]) + (dr[(3 * i) + 2] * r[(3 * i) + 2])) / d;
            Assert.That(radial, Is.EqualTo(0).Within(Tol.WignerProperty), $"edge {i}: gradient must be tangential");
            for (var j = 0; j < 3; j++)
            {
                if (Math.Abs(r[(3 * i) + j]) / d > 0.9)
                {
                    // Along the edge the derivative is ~0 (checked exactly above) and a difference is only noise.
                    continue;
                }

                var numeric = ((8 * (Functional(r, i, j, H, g) - Functional(r, i, j, -H, g))) - Functional(r, i, j, 2 * H, g) + Functional(r, i, j, -2 * H, g)) / (12 * H);
                worst = Math.Max(worst, Math.Abs(dr[(3 * i) + j] - numeric) / Math.Max(1, Math.Abs(numeric)));
                Assert.That(dr[(3 * i) + j], Is.EqualTo(numeric).Within(Tol.WignerPoleFd * Math.Max(1, Math.Abs(numeric))), $"edge {i}, component {j}");
            }
        }

        TestContext.Out.WriteLine($"pole gradients vs five-point differences: worst {worst:E2}");
    }

    [Test]
    [Category(Categories.GradCheck)]
    public void TapeAccumulatesIntoFloat32EdgeVectors()
    {
        var x = Tensor.FromArray(new float[] { 0.3f, -1.2f, 0.7f }, 1, 3);
        x.RequiresGrad = true;
        using var tape = new Tape();
        var w = EdgeWigner.Compute(tape, x, L6M2, RollVector.Fixture, DType.Float32);
        var seed = Tensor.Full(w.Blocks.Shape, 1.0, DType.Float32);
        tape.Backward(w.Blocks, seed);
        tape.Backward(w.Blocks, seed);
        var once = EdgeWigner.Backward(x.ToDoubleArray(), L6M2, RollVector.Fixture, w.Angles, seed.ToDoubleArray());
        var got = x.Grad!.ToDoubleArray();
        for (var j = 0; j < 3; j++)
        {
            Assert.That(got[j], Is.EqualTo(2 * once[j]).Within(1e-5 * Math.Max(1, Math.Abs(once[j]))), "two backward passes accumulate");
        }
    }

    private static double Functional(double[] r, int edge, int comp, double h, double[] g)
    {
        var p = r.AsSpan(3 * edge, 3).ToArray();
        p[comp] += h;
        var w = EdgeWigner.Compute(Tensor.FromArray(p, 1, 3), L6M2, RollVector.Fixture, DType.Float64).Blocks.ToDoubleArray();
        var size = L6M2.TruncatedRotationSize;
        var s = 0.0;
        for (var i = 0; i < size; i++)
        {
            s += g[(edge * size) + i] * w[i];
        }

        return s;
    }

    private static double[] Upstream(So3Fixture fx, int edges)
    {
        var size = Full6.TruncatedRotationSize;
        var g = new double[edges * size];
        for (var l = 0; l <= 6; l++)
        {
            var n = ((2 * l) + 1) * ((2 * l) + 1);
            var wl = fx.Doubles($"functional_W_l{l}");
            for (var e = 0; e < edges; e++)
            {
                wl.AsSpan(e * n, n).CopyTo(g.AsSpan((e * size) + Full6.TruncatedBlockOffset(l), n));
            }
        }

        return g;
    }
}
