using CrystalKernels.Native.Kernels;
using CrystalKernels.Tensors;

namespace CrystalKernels.Tests.Native.Gpu;

/// <summary>ck_segment_softmax_* against the CPU kernels of Op.SegmentSoftmax (float32), empty segments included.</summary>
public class SegmentSoftmaxGpuTests : GpuFixture
{
    private const int Heads = 8;
    private static readonly int[] Sizes = [3, 0, 1, 74, 12, 0, 30, 5, 2, 41];

    [Test]
    public void ForwardAndBackwardMatchTheCpuKernels()
    {
        var rowPtr = RowPtr();
        var e = rowPtr[^1];
        var x = Uniform("ss-x", e * Heads, -6f, 6f);
        var dy = Uniform("ss-dy", e * Heads, -1f, 1f);
        var dx0 = Uniform("ss-dx0", e * Heads, -1f, 1f);

        var cpuY = Tensor.FromArray(x, e, Heads).EmptyLike();
        var tRow = Tensor.FromArray(rowPtr);
        var cpu = cpuY.Device.Backend.Graph;
        cpu.SegmentSoftmax(Tensor.FromArray(x, e, Heads), tRow, cpuY);
        var cpuDx = Tensor.FromArray((float[])dx0.Clone(), e, Heads);
        cpu.SegmentSoftmaxBackward(cpuY, Tensor.FromArray(dy, e, Heads), tRow, cpuDx);

        var kernel = new SegmentSoftmaxKernel(Library);
        using var gx = Gpu.Upload<float>(x);
        using var grow = Gpu.Upload<int>(rowPtr);
        using var gy = Gpu.Allocate<float>(x.Length);
        using var gdy = Gpu.Upload<float>(dy);
        using var gdx = Gpu.Upload<float>(dx0);
        kernel.Forward(gx, grow, gy, Heads);
        kernel.Backward(gy, gdy, grow, gdx, Heads);
        Gpu.Synchronize();

        Assert.That(RelativeToMaxAbs(gy.ToArray(), cpuY.ToDoubleArray()), Is.LessThan(GpuTol.Float32));
        Assert.That(RelativeToMaxAbs(gdx.ToArray(), cpuDx.ToDoubleArray()), Is.LessThan(GpuTol.Float32));
    }

    [Test]
    public void ForwardIsBitwiseRepeatable()
    {
        var rowPtr = RowPtr();
        var x = Uniform("ss-x", rowPtr[^1] * Heads, -6f, 6f);
        var kernel = new SegmentSoftmaxKernel(Library);
        using var gx = Gpu.Upload<float>(x);
        using var grow = Gpu.Upload<int>(rowPtr);
        using var gy = Gpu.Allocate<float>(x.Length);
        kernel.Forward(gx, grow, gy, Heads);
        var first = gy.ToArray();
        kernel.Forward(gx, grow, gy, Heads);
        Assert.That(gy.ToArray(), Is.EqualTo(first));
    }

    private static int[] RowPtr()
    {
        var p = new int[Sizes.Length + 1];
        for (var i = 0; i < Sizes.Length; i++)
        {
            p[i + 1] = p[i] + Sizes[i];
        }

        return p;
    }
}
