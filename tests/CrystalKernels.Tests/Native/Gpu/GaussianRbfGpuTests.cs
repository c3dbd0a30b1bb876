using CrystalKernels.Equivariant.Radial;
using CrystalKernels.Native.Kernels;

namespace CrystalKernels.Tests.Native.Gpu;

/// <summary>ck_gaussian_rbf_* against the formula in float64 with the paper's float32 centres and coefficient.</summary>
public class GaussianRbfGpuTests : GpuFixture
{
    [Test]
    public void ForwardAndDistanceGradientMatchTheFormula()
    {
        var basis = GaussianSmearing.Paper;
        var mu = basis.Float32Centres();
        var coeff = (float)basis.Float32BuildCoefficient;
        var d = Uniform("rbf-d", 97, 0.5f, 5f);
        var dg = Uniform("rbf-dg", d.Length * mu.Length, -1f, 1f);
        var dd0 = Uniform("rbf-dd0", d.Length, -1f, 1f);

        var refG = new double[d.Length * mu.Length];
        var refDd = new double[d.Length];
        for (var e = 0; e < d.Length; e++)
        {
            refDd[e] = dd0[e];
            for (var k = 0; k < mu.Length; k++)
            {
                var diff = (double)d[e] - mu[k];
                var g = Math.Exp(coeff * diff * diff);
                refG[(e * mu.Length) + k] = g;
                refDd[e] += dg[(e * mu.Length) + k] * g * 2 * coeff * diff;
            }
        }

        var kernel = new GaussianRbfKernel(Library);
        using var gd = Gpu.Upload<float>(d);
        using var gmu = Gpu.Upload<float>(mu);
        using var gg = Gpu.Allocate<float>(refG.Length);
        using var gdg = Gpu.Upload<float>(dg);
        using var gdd = Gpu.Upload<float>(dd0);
        kernel.Forward(gd, gmu, coeff, gg);
        kernel.Backward(gd, gmu, coeff, gdg, gdd);

        // exp(coeff·diff²) with |coeff| = 1794 amplifies the fp32 rounding of d − μ: compare at that scale.
        Assert.That(RelativeToMaxAbs(gg.ToArray(), refG), Is.LessThan(GpuTol.Float32LongSum));
        Assert.That(RelativeToMaxAbs(gdd.ToArray(), refDd), Is.LessThan(GpuTol.Float32LongSum));
    }
}
