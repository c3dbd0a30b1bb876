using CrystalKernels.Tests.Support;
using CrystalKernels.Native.Kernels;

namespace CrystalKernels.Tests.Native;

/// <summary>The embedded kernel sources are exactly native/*.cu(h) of the repository, byte for byte.</summary>
public class KernelSourcesTests
{
    [Test]
    public void EveryNativeSourceIsEmbeddedUnchanged()
    {
        var native = Path.Combine(RepoPaths.Root(), "native");
        var onDisk = Directory.GetFiles(native, "*.cu").Select(Path.GetFileName).Order(StringComparer.Ordinal).ToArray();
        Assert.That(KernelSources.Kernels, Is.EqualTo(onDisk));
        Assert.That(KernelSources.Kernels, Does.Contain("segment_softmax.cu").And.Contain("gaussian_rbf.cu")
            .And.Contain("rms_norm_sh.cu").And.Contain("wigner_rotate.cu")
            .And.Contain("s2_activation.cu").And.Contain("wigner_from_edges.cu"));
        foreach (var f in onDisk.Concat(KernelSources.Headers.Keys))
        {
            Assert.That(KernelSources.Read(f!), Is.EqualTo(File.ReadAllText(Path.Combine(native, f!))), f);
        }
    }

    [Test]
    public void UnknownSourceNamesTheKnownOnes()
    {
        var e = Assert.Throws<FileNotFoundException>(() => KernelSources.Read("nope.cu"));
        Assert.That(e!.Message, Does.Contain("nope.cu").And.Contain("segment_softmax.cu"));
    }
}
