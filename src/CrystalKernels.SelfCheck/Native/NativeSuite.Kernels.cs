using CrystalKernels.Equivariant.Radial;
using CrystalKernels.Native.Kernels;
using CrystalKernels.Tensors;
using static CrystalKernels.SelfCheck.Native.HostArrays;

namespace CrystalKernels.SelfCheck.Native;

/// <summary>ck_gaussian_rbf_*, ck_rms_norm_sh_* and ck_segment_softmax_* against their float64 formulas or CPU kernels.</summary>
public sealed partial class NativeSuite
{
    private static readonly int[] SegmentSizes = [3, 0, 1, 74, 12, 0, 30, 5, 2, 41];
    private const int SegmentHeads = 8;

    /// <summary>Forward and distance gradient against the formula in float64 with the paper's float32 centres and coefficient.</summary>
    private void GaussianRbfMatchesTheFormula()
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
        Expect.Below(RelativeToMaxAbs(gg.ToArray(), refG), GpuTol.Float32LongSum, "gaussian rbf forward vs float64");
        Expect.Below(RelativeToMaxAbs(gdd.ToArray(), refDd), GpuTol.Float32LongSum, "gaussian rbf distance gradient vs float64");
    }

    /// <summary>Forward against the float64 formula; dx, dγ, dβ against its central differences.</summary>
    private void RmsNormShMatchesTheFloat64Formula(int nodes, int lMax, int c)
    {
        var k = (lMax + 1) * (lMax + 1);
        var x = Uniform("rms-x", nodes * k * c, -2f, 2f);
        var gamma = Uniform("rms-g", (lMax + 1) * c, 0.5f, 1.5f);
        var beta = Uniform("rms-b", c, -0.5f, 0.5f);
        var dy = Uniform("rms-dy", x.Length, -1f, 1f);
        var eps = RmsNormShKernel.PaperEps;

        double[] xs = Widen(x), gs = Widen(gamma), bs = Widen(beta), dys = Widen(dy);
        var refY = RmsNormShReference.Forward(xs, gs, bs, nodes, lMax, c, eps);
        double[] Loss()
        {
            var y = RmsNormShReference.Forward(xs, gs, bs, nodes, lMax, c, eps);
            var s = 0.0;
            for (var i = 0; i < y.Length; i++)
            {
                s += y[i] * dys[i];
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

        Expect.Below(RelativeToMaxAbs(gy.ToArray(), refY), GpuTol.Float32, "rms_norm_sh forward vs float64");
        if (nodes * k * c <= 2000)
        {
            Expect.Below(RelativeToMaxAbs(gdx.ToArray(), RmsNormShReference.NumericGradient(Loss, xs)), GpuTol.FiniteDifference, "rms_norm_sh dx vs central differences");
        }

        Expect.Below(RelativeToMaxAbs(gdg.ToArray(), RmsNormShReference.NumericGradient(Loss, gs)), GpuTol.FiniteDifference, "rms_norm_sh dgamma vs central differences");
        Expect.Below(RelativeToMaxAbs(gdb.ToArray(), RmsNormShReference.NumericGradient(Loss, bs)), GpuTol.FiniteDifference, "rms_norm_sh dbeta vs central differences");
    }

    /// <summary>Forward and backward against the CPU kernels of Op.SegmentSoftmax (float32), empty segments included.</summary>
    private void SegmentSoftmaxMatchesTheCpuKernels()
    {
        var rowPtr = SegmentRowPtr();
        var e = rowPtr[^1];
        var x = Uniform("ss-x", e * SegmentHeads, -6f, 6f);
        var dy = Uniform("ss-dy", e * SegmentHeads, -1f, 1f);
        var dx0 = Uniform("ss-dx0", e * SegmentHeads, -1f, 1f);

        var cpuY = Tensor.FromArray(x, e, SegmentHeads).EmptyLike();
        var tRow = Tensor.FromArray(rowPtr);
        var cpu = cpuY.Device.Backend.Graph;
        cpu.SegmentSoftmax(Tensor.FromArray(x, e, SegmentHeads), tRow, cpuY);
        var cpuDx = Tensor.FromArray((float[])dx0.Clone(), e, SegmentHeads);
        cpu.SegmentSoftmaxBackward(cpuY, Tensor.FromArray(dy, e, SegmentHeads), tRow, cpuDx);

        var kernel = new SegmentSoftmaxKernel(Library);
        using var gx = Gpu.Upload<float>(x);
        using var grow = Gpu.Upload<int>(rowPtr);
        using var gy = Gpu.Allocate<float>(x.Length);
        using var gdy = Gpu.Upload<float>(dy);
        using var gdx = Gpu.Upload<float>(dx0);
        kernel.Forward(gx, grow, gy, SegmentHeads);
        kernel.Backward(gy, gdy, grow, gdx, SegmentHeads);
        Gpu.Synchronize();

        Expect.Below(RelativeToMaxAbs(gy.ToArray(), cpuY.ToDoubleArray()), GpuTol.Float32, "segment softmax forward vs CPU");
        Expect.Below(RelativeToMaxAbs(gdx.ToArray(), cpuDx.ToDoubleArray()), GpuTol.Float32, "segment softmax backward vs CPU");
    }

    private void SegmentSoftmaxIsBitwiseRepeatable()
    {
        var rowPtr = SegmentRowPtr();
        var x = Uniform("ss-x", rowPtr[^1] * SegmentHeads, -6f, 6f);
        var kernel = new SegmentSoftmaxKernel(Library);
        using var gx = Gpu.Upload<float>(x);
        using var grow = Gpu.Upload<int>(rowPtr);
        using var gy = Gpu.Allocate<float>(x.Length);
        kernel.Forward(gx, grow, gy, SegmentHeads);
        var first = gy.ToArray();
        kernel.Forward(gx, grow, gy, SegmentHeads);
        Expect.Equal(gy.ToArray(), first, "segment softmax second run, bitwise");
    }

    private static int[] SegmentRowPtr()
    {
        var p = new int[SegmentSizes.Length + 1];
        for (var i = 0; i < SegmentSizes.Length; i++)
        {
            p[i + 1] = p[i] + SegmentSizes[i];
        }

        return p;
    }
}
