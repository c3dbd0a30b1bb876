using CrystalKernels.Equivariant.Grids;
using CrystalKernels.Equivariant.Ops;
using CrystalKernels.Native.Kernels;
using CrystalKernels.Native.Runtime;
using CrystalKernels.Tensors;
using CrystalKernels.Tensors.Autograd;
using static CrystalKernels.SelfCheck.Native.HostArrays;

namespace CrystalKernels.SelfCheck.Native;

/// <summary>
/// ck_s2_activation_* against its CPU twin EqOp.SeparableS2Silu in float32 on the model's grids, forward and backward
/// (dx and dscalars accumulated onto non-zero starting values, as the tape does), and bitwise repeatability.
/// </summary>
public sealed partial class NativeSuite
{
    private const int S2Rows = 7;

    /// <summary>
    /// Both sides are float32 over P·Kr products per output (2,030 for the (6, 2) grid, 10,290 for (6, 6)) with
    /// different summation orders, hence the long-sum tolerance.
    /// </summary>
    private void S2ActivationMatchesTheCpuOp(int lMax, int mMax, int c)
    {
        var grid = S2Grid.Create(lMax, mMax);
        var kr = grid.Layout.KReduced;
        var (x, s, dy) = S2Inputs(kr, c);
        var dx0 = Uniform("s2-dx0", x.Length, -1f, 1f);
        var ds0 = Uniform("s2-ds0", s.Length, -1f, 1f);

        var (cpuY, cpuDx, cpuDs) = S2Cpu(grid, x, s, dy, c);
        for (var i = 0; i < cpuDx.Length; i++)
        {
            cpuDx[i] += dx0[i];
        }

        for (var i = 0; i < cpuDs.Length; i++)
        {
            cpuDs[i] += ds0[i];
        }

        var kernel = new S2ActivationKernel(Library, kr, grid.Points);
        using var gt = Gpu.Upload<float>(GridMatrix(grid.ToGrid));
        using var gf = Gpu.Upload<float>(GridMatrix(grid.FromGrid));
        using var gx = Gpu.Upload<float>(x);
        using var gs = Gpu.Upload<float>(s);
        using var gy = Gpu.Allocate<float>(x.Length);
        using var gdy = Gpu.Upload<float>(dy);
        using var gdx = Gpu.Upload<float>(dx0);
        using var gds = Gpu.Upload<float>(ds0);
        kernel.Forward(gs, gx, gt, gf, gy, c);
        kernel.Backward(gs, gx, gt, gf, gdy, gds, gdx, c);

        var name = $"s2 activation ({lMax}, {mMax}) C={c}";
        Expect.Below(RelativeToMaxAbs(gy.ToArray(), cpuY), GpuTol.Float32LongSum, $"{name} forward vs CPU float32");
        Expect.Below(RelativeToMaxAbs(gdx.ToArray(), cpuDx), GpuTol.Float32LongSum, $"{name} dx (accumulated) vs CPU float32");
        Expect.Below(RelativeToMaxAbs(gds.ToArray(), cpuDs), GpuTol.Float32, $"{name} dscalars (accumulated) vs CPU float32");
        Note($"{grid.ResBeta}x{grid.ResAlpha} grid, Kr={kr}, channel tile {S2ActivationKernel.ChannelTile(kr)}");
    }

    /// <summary>Fixed summation order, no atomics: a second forward and backward give the same bits.</summary>
    private void S2ActivationIsBitwiseRepeatable()
    {
        var grid = S2Grid.Create(6, 2);
        var kr = grid.Layout.KReduced;
        const int c = 48;
        var (x, s, dy) = S2Inputs(kr, c);
        var kernel = new S2ActivationKernel(Library, kr, grid.Points);
        using var gt = Gpu.Upload<float>(GridMatrix(grid.ToGrid));
        using var gf = Gpu.Upload<float>(GridMatrix(grid.FromGrid));
        using var gx = Gpu.Upload<float>(x);
        using var gs = Gpu.Upload<float>(s);
        using var gy = Gpu.Allocate<float>(x.Length);
        using var gdy = Gpu.Upload<float>(dy);
        using var gdx = Gpu.Allocate<float>(x.Length);

        float[] Run()
        {
            gdx.Zero();
            kernel.Forward(gs, gx, gt, gf, gy, c);
            kernel.Backward(gs, gx, gt, gf, gdy, null, gdx, c);
            return [.. gy.ToArray(), .. gdx.ToArray()];
        }

        var first = Run();
        Expect.Equal(Run(), first, "s2 activation forward + dx second run, bitwise");
    }

    private static (float[] X, float[] Scalars, float[] Dy) S2Inputs(int kr, int c) =>
        (Uniform("s2-x", S2Rows * kr * c, -2f, 2f), Uniform("s2-s", S2Rows * c, -4f, 4f), Uniform("s2-dy", S2Rows * kr * c, -1f, 1f));

    /// <summary>The grid matrix rounded once to float32, exactly as S2GridMatrices&lt;float&gt; hands it to the CPU op.</summary>
    private static float[] GridMatrix(double[] m) => m.Select(v => (float)v).ToArray();

    private static (double[] Y, double[] Dx, double[] Ds) S2Cpu(S2Grid grid, float[] x, float[] s, float[] dy, int c)
    {
        var kr = grid.Layout.KReduced;
        var tx = Tensor.FromArray((float[])x.Clone(), S2Rows, kr, c);
        var ts = Tensor.FromArray((float[])s.Clone(), S2Rows, c);
        (tx.RequiresGrad, ts.RequiresGrad) = (true, true);
        using var tape = new Tape();
        var y = EqOp.SeparableS2Silu(tape, ts, tx, grid);
        tape.Backward(y, Tensor.FromArray(dy, S2Rows, kr, c));
        return (y.ToDoubleArray(), tx.Grad!.ToDoubleArray(), ts.Grad!.ToDoubleArray());
    }
}
