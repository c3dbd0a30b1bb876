using CrystalKernels.Gpu;
using CrystalKernels.Tests.Support;

namespace CrystalKernels.Tests.Ilgpu;

/// <summary>Without a CUDA device, asking for one fails with one clear message instead of a fallback or a driver trace.</summary>
[TestFixture]
[Category(Categories.Ilgpu)]
public sealed class CudaAvailabilityTests
{
    [Test]
    public void CreateCudaWithoutADeviceSaysNoCudaDevice()
    {
        if (IlgpuDevice.WhyCudaUnavailable() is null)
        {
            Assert.Ignore("a CUDA device exists here; the Gpu fixture covers it");
        }

        var ex = Assert.Throws<CudaUnavailableException>(() => IlgpuDevice.CreateCuda());
        Assert.That(ex!.Message, Is.EqualTo("CUDA unavailable: no CUDA device"));
    }
}
