using CrystalKernels.Native.Kernels;

namespace CrystalKernels.Tests.Native.Gpu;

/// <summary>Every native/*.cu compiles for this GPU's architecture and loads (NVRTC CUBIN, or the nvcc fatbin when provided).</summary>
public class ModuleLoadGpuTests : GpuFixture
{
    public static IEnumerable<string> Sources() => KernelSources.Kernels;

    [TestCaseSource(nameof(Sources))]
    public void ModuleLoads(string source)
    {
        Assert.That(Library.Module(source), Is.Not.Null);
        TestContext.Out.WriteLine($"{source} on {Gpu}: {Library.Origins[source]}");
    }
}
