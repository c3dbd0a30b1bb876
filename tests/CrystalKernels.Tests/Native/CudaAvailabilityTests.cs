using CrystalKernels.Native;
using CrystalKernels.Native.Runtime;

namespace CrystalKernels.Tests.Native;

/// <summary>
/// "CUDA unavailable" is one clear line, never a crash (toolchain.md §4): on a machine without a driver the probe
/// names libcuda.so.1; with Debian's libcuda1 but no GPU it names cuInit's CUDA_ERROR_NO_DEVICE.
/// </summary>
public class CudaAvailabilityTests
{
    [Test]
    public void ProbeNeverThrowsAndGivesOneLine()
    {
        string? why = null;
        Assert.DoesNotThrow(() => why = CudaAvailability.Probe());
        if (why is null)
        {
            Assert.That(CudaAvailability.IsAvailable, Is.True);
            return;
        }

        Assert.That(why, Does.Not.Contain('\n'));
        Assert.That(why, Does.Contain("libcuda.so.1").Or.Contain("cuInit").Or.Contain("cuDeviceGetCount").Or.Contain("no CUDA device"));
        Assert.That(CudaAvailability.IsAvailable, Is.False);
    }

    [Test]
    public void ProbeIsStable()
    {
        var first = CudaAvailability.Probe();
        Assert.That(CudaAvailability.Probe(), Is.EqualTo(first));
    }

    [Test]
    public void OpeningAContextWithoutCudaThrowsTheProbeReason()
    {
        if (CudaAvailability.Probe() is not { } why)
        {
            Assert.Ignore("CUDA is available here; the unavailable path is exercised on machines without a GPU");
            return;
        }

        var e = Assert.Throws<CudaException>(() => CudaContext.Open());
        Assert.That(e!.Message, Does.Contain(why));
        Assert.That(e.ErrorName, Is.EqualTo("CUDA unavailable"));
    }

    [Test]
    public void NvrtcProbeNeverThrows()
    {
        string? why = "not run";
        Assert.DoesNotThrow(() => why = CudaAvailability.ProbeNvrtc());
        Assert.That(why, Is.Null.Or.Not.Contain('\n'));
    }
}
