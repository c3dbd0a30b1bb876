using CrystalKernels.Native.Kernels;

namespace CrystalKernels.Tests.Native.Gpu;

/// <summary>ck_rms_norm_sh_* against the float64 formula (forward) and its central differences (dx, dγ, dβ).</summary>
public class RmsNormShGpuTests : GpuFixture
{
    [TestCase(3, 2, 40)]
    [TestCase(4, 6, 128)]
    public void ForwardAndBackwardMatchTheFloat64Formula(int nodes, int lMax, int c)
    {
        var k = (lMax + 1) * (lMax + 1);
        var x = Uniform("rms-x", nodes * k * c, -2f, 2f);
        var gamma = Uniform("rms-g", (lMax + 1) * c, 0.5f, 1.5f);
        var beta = Uniform("rms-b", c, -0.5f, 0.5f);
        var dy = Uniform("rms-dy", x.Length, -1f, 1f);
        var eps = RmsNormShKernel.PaperEps;

        double[] X = Widen(x), G = Widen(gamma), B = Widen(beta), Dy = Widen(dy);
        var refY = RmsNormShReference.Forward(X, G, B, nodes, lMax, c, eps);
        double[] Loss()
        {
            var y = RmsNormShReference.Forward(X, G, B, nodes, lMax, c, eps);
            var s = 0.0;
            for (var i = 0; i < y.Length; i++)
            {
                s += y[i] * Dy[i];
            }

            return [s];
        }

        var kernel = new RmsNormShKernel(Library);
        using var gx = Gpu.Upload<float>(x);
        using var gg = Gpu.Upload<float>(gamma);
        using var gb = Gpu.Upload<float>(beta);
        using var gy = Gpu.Allocate<float>(x.Length);
        using var gdy = Gpu.Upload<float>(dy);
        using var gdx = Gpu.Allocate<float>(x.Length);
        using var gdg = Gpu.Allocate<float>(gamma.Length);
        using var gdb = Gpu.Allocate<float>(beta.Length);
        using var stats = Gpu.Allocate<float>(2 * nodes);
        gdx.Zero();
        gdg.Zero();
        gdb.Zero();
        kernel.Forward(gx, gg, gb, gy, lMax, c);
        kernel.Backward(gx, gg, gb, gdy, gdx, gdg, gdb, stats, lMax, c);

        Assert.That(RelativeToMaxAbs(gy.ToArray(), refY), Is.LessThan(GpuTol.Float32));
        if (nodes * k * c <= 2000)
        {
            Assert.That(RelativeToMaxAbs(gdx.ToArray(), RmsNormShReference.NumericGradient(Loss, X)), Is.LessThan(GpuTol.FiniteDifference));
        }

        Assert.That(RelativeToMaxAbs(gdg.ToArray(), RmsNormShReference.NumericGradient(Loss, G)), Is.LessThan(GpuTol.FiniteDifference));
        Assert.That(RelativeToMaxAbs(gdb.ToArray(), RmsNormShReference.NumericGradient(Loss, B)), Is.LessThan(GpuTol.FiniteDifference));
    }

    private static double[] Widen(float[] a) => a.Select(v => (double)v).ToArray();
}
