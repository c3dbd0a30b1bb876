using System.Text.RegularExpressions;
using CrystalKernels.Native;
using CrystalKernels.Native.Kernels;
using CrystalKernels.Tests.Support;

namespace CrystalKernels.Tests.Native;

/// <summary>
/// Every native/*.cu compiles with NVRTC to PTX for compute_80 and compute_90, and the PTX has an entry for every
/// extern "C" __global__ kernel the source declares. Needs only NVRTC (no GPU, no driver): CI installs Debian's
/// libnvrtc11.2 (.ci/run); without it these tests are Ignored with the reason.
/// </summary>
[Category(Categories.KernelCompile)]
public partial class KernelCompileTests
{
    public static IEnumerable<TestCaseData> Cases() =>
        from source in KernelSources.Kernels
        from arch in new[] { 80, 90 }
        select new TestCaseData(source, arch).SetName($"Compiles_{source}_compute_{arch}");

    [OneTimeSetUp]
    public void RequireNvrtc()
    {
        if (CudaAvailability.ProbeNvrtc() is { } why)
        {
            Assert.Ignore($"NVRTC unavailable, kernels not compile-checked: {why}");
        }
    }

    [TestCaseSource(nameof(Cases))]
    public void CompilesToPtx(string source, int arch)
    {
        var text = KernelSources.Read(source);
        var options = NvrtcCompiler.Options(arch, KernelImageKind.Ptx);
        var image = NvrtcCompiler.Compile(source, text, KernelSources.Headers, options, KernelImageKind.Ptx);
        var ptx = System.Text.Encoding.UTF8.GetString(image.Bytes).TrimEnd('\0');

        Assert.That(ptx, Does.Contain($".target sm_{arch}"), $"{source}: PTX for the wrong target");
        var kernels = KernelNames().Matches(text).Select(m => m.Groups[1].Value).ToArray();
        Assert.That(kernels, Is.Not.Empty, $"{source} declares no extern \"C\" __global__ kernel");
        foreach (var k in kernels)
        {
            Assert.That(ptx, Does.Contain($".entry {k}("), $"{source}: no PTX entry for {k}");
        }

        Assert.That(image.Log, Does.Not.Contain("warning"), $"{source}: NVRTC warnings:\n{image.Log}");
    }

    [Test]
    public void CompileErrorNamesTheFileLineAndCall()
    {
        const string broken = "extern \"C\" __global__ void k(float* x)\n{\n    x[0] = undefined_name;\n}\n";
        var e = Assert.Throws<CudaException>(() =>
            NvrtcCompiler.Compile("broken.cu", broken, KernelSources.Headers, NvrtcCompiler.Options(90, KernelImageKind.Ptx), KernelImageKind.Ptx));
        Assert.That(e!.ErrorName, Is.EqualTo("NVRTC_ERROR_COMPILATION"));
        Assert.That(e.Message, Does.Contain("nvrtcCompileProgram(broken.cu"));
        Assert.That(e.Message, Does.Contain("broken.cu(3)"));
        Assert.That(e.Message, Does.Contain("undefined_name"));
    }

    [Test]
    public void CubinForSm90IsAnElfImage()
    {
        var source = KernelSources.Kernels[0];
        var image = NvrtcCompiler.Compile(source, KernelSources.Read(source), KernelSources.Headers, NvrtcCompiler.Options(90, KernelImageKind.Cubin), KernelImageKind.Cubin);
        Assert.That(image.Bytes.Take(4).ToArray(), Is.EqualTo(new byte[] { 0x7f, (byte)'E', (byte)'L', (byte)'F' }));
    }

    [Test]
    public void SecondCompileOfTheSameSourceComesFromTheDiskCache()
    {
        var dir = Path.Combine(Path.GetTempPath(), "ck-kernel-cache-" + Guid.NewGuid().ToString("N"));
        try
        {
            var cache = new KernelCache(dir);
            var first = KernelLibrary.Image(SegmentSoftmaxKernel.Source, 90, KernelImageKind.Ptx, cache);
            var second = KernelLibrary.Image(SegmentSoftmaxKernel.Source, 90, KernelImageKind.Ptx, cache);
            Assert.That(first.Origin, Does.StartWith("NVRTC "));
            Assert.That(second.Origin, Does.StartWith("cache "));
            Assert.That(second.Bytes, Is.EqualTo(first.Bytes));
            Assert.That(Directory.GetFiles(dir, "*.ptx"), Has.Length.EqualTo(1));
        }
        finally
        {
            if (Directory.Exists(dir))
            {
                Directory.Delete(dir, recursive: true);
            }
        }
    }

    [GeneratedRegex("extern \"C\" __global__ void (\\w+)\\(")]
    private static partial Regex KernelNames();
}
