using CrystalKernels.Native;
using CrystalKernels.Native.Kernels;
using CrystalKernels.Native.Runtime;
using CrystalKernels.Tensors.Random;
using CrystalKernels.Tests.Support;

namespace CrystalKernels.Tests.Native.Gpu;

/// <summary>
/// Base of the GPU-vs-CPU comparisons: opens device 0 and a kernel library once per fixture, or Ignores every test with
/// the availability probe's reason when there is no usable GPU (the normal CI state).
/// </summary>
[Category(Categories.Gpu)]
public abstract class GpuFixture
{
    protected CudaContext Gpu { get; private set; } = null!;

    protected KernelLibrary Library { get; private set; } = null!;

    [OneTimeSetUp]
    public void OpenGpu()
    {
        if (CudaAvailability.Probe() is { } why)
        {
            Assert.Ignore($"CUDA unavailable, GPU kernels not run: {why}");
        }

        Gpu = CudaContext.Open();
        Library = new KernelLibrary(Gpu);
    }

    [OneTimeTearDown]
    public void CloseGpu()
    {
        Library?.Dispose();
        Gpu?.Dispose();
    }

    [SetUp]
    public void BindContext() => Gpu.MakeCurrent();

    protected static float[] Uniform(string purpose, int n, float lo, float hi)
    {
        var rng = RngStream.Create(7, purpose);
        var a = new float[n];
        for (var i = 0; i < n; i++)
        {
            a[i] = lo + ((hi - lo) * rng.Uniform((ulong)i));
        }

        return a;
    }

    /// <summary>max |a − b| / max(max |b|, tiny): the error scale used by every comparison here.</summary>
    protected static double RelativeToMaxAbs(ReadOnlySpan<float> a, ReadOnlySpan<double> b)
    {
        Assert.That(a.Length, Is.EqualTo(b.Length));
        double err = 0, scale = 1e-30;
        for (var i = 0; i < a.Length; i++)
        {
            err = Math.Max(err, Math.Abs(a[i] - b[i]));
            scale = Math.Max(scale, Math.Abs(b[i]));
        }

        return err / scale;
    }

    protected static double Dot(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        var s = 0.0;
        for (var i = 0; i < a.Length; i++)
        {
            s += (double)a[i] * b[i];
        }

        return s;
    }
}
