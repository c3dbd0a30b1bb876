using CrystalKernels.Equivariant.Layout;
using CrystalKernels.Equivariant.So3;
using CrystalKernels.Native;
using CrystalKernels.Native.Interop;
using CrystalKernels.Native.Kernels;
using CrystalKernels.Native.Runtime;

namespace CrystalKernels.Tests.Native;

/// <summary>The parts of the native layer that need no CUDA library: error naming, the choke point, library probing, kernel arguments.</summary>
public class BindingShapeTests
{
    [TestCase(0, "CUDA_SUCCESS")]
    [TestCase(2, "CUDA_ERROR_OUT_OF_MEMORY")]
    [TestCase(100, "CUDA_ERROR_NO_DEVICE")]
    [TestCase(218, "CUDA_ERROR_INVALID_PTX")]
    [TestCase(700, "CUDA_ERROR_ILLEGAL_ADDRESS")]
    [TestCase(12345, "CUresult 12345")]
    public void DriverErrorNames(int code, string name) =>
        Assert.That(CudaErrorNames.Driver((CuResult)code), Is.EqualTo(name));

    [TestCase(0, "NVRTC_SUCCESS")]
    [TestCase(5, "NVRTC_ERROR_INVALID_OPTION")]
    [TestCase(6, "NVRTC_ERROR_COMPILATION")]
    [TestCase(11, "NVRTC_ERROR_INTERNAL_ERROR")]
    [TestCase(-1, "nvrtcResult -1")]
    public void NvrtcErrorNames(int code, string name) =>
        Assert.That(CudaErrorNames.Nvrtc((NvrtcResult)code), Is.EqualTo(name));

    [TestCase(0, "CUBLAS_STATUS_SUCCESS")]
    [TestCase(7, "CUBLAS_STATUS_INVALID_VALUE")]
    [TestCase(13, "CUBLAS_STATUS_EXECUTION_FAILED")]
    [TestCase(99, "cublasStatus_t 99")]
    public void CublasStatusNames(int code, string name) =>
        Assert.That(CudaErrorNames.Cublas((CublasStatus)code), Is.EqualTo(name));

    [Test]
    public void CheckNamesTheFailingCallAndError()
    {
        var e = Assert.Throws<CudaException>(() => CudaCheck.Check(Fails(2), "cuMemAlloc(out var p, 64)"));
        Assert.That(e!.Call, Is.EqualTo("cuMemAlloc(out var p, 64)"));
        Assert.That(e.Code, Is.EqualTo(2));
        Assert.That(e.ErrorName, Is.EqualTo("CUDA_ERROR_OUT_OF_MEMORY"));
        Assert.That(e.Message, Does.StartWith("cuMemAlloc(out var p, 64) failed: CUDA_ERROR_OUT_OF_MEMORY (2)"));
    }

    [Test]
    public void CheckCapturesTheCallExpression()
    {
        var e = Assert.Throws<CudaException>(() => CudaCheck.Check(Fails(201)));
        Assert.That(e!.Call, Is.EqualTo("Fails(201)"));
        Assert.That(e.ErrorName, Is.EqualTo("CUDA_ERROR_INVALID_CONTEXT"));
    }

    [Test]
    public void CheckPassesSuccessAndCoversAllThreeLibraries()
    {
        Assert.DoesNotThrow(() => CudaCheck.Check(CuResult.Success));
        Assert.DoesNotThrow(() => CudaCheck.Check(NvrtcResult.Success));
        Assert.DoesNotThrow(() => CudaCheck.Check(CublasStatus.Success));
        var n = Assert.Throws<CudaException>(() => CudaCheck.Check(NvrtcResult.Compilation, "nvrtcCompileProgram(x.cu)", "x.cu(3): error: boom"));
        Assert.That(n!.Message, Does.Contain("NVRTC_ERROR_COMPILATION").And.Contain("x.cu(3): error: boom"));
        var b = Assert.Throws<CudaException>(() => CudaCheck.Check((CublasStatus)7, "cublasSgemm(...)"));
        Assert.That(b!.Message, Does.StartWith("cublasSgemm(...) failed: CUBLAS_STATUS_INVALID_VALUE (7)"));
    }

    [Test]
    public void ResolverProbesOverrideThenCudaHomeThenLoaderNewestFirst()
    {
        var env = new Dictionary<string, string>
        {
            [NativeLibraries.LibDirVariable] = "/opt/override",
            ["CUDA_HOME"] = "/usr/local/cuda",
        };
        var c = NativeLibraries.Candidates(NativeLibraries.Nvrtc, k => env.GetValueOrDefault(k));
        Assert.That(c[0], Is.EqualTo("/opt/override/libnvrtc.so.13"));
        Assert.That(c, Does.Contain("/usr/local/cuda/lib64/libnvrtc.so.12"));
        Assert.That(c, Does.Contain("/usr/local/cuda/targets/x86_64-linux/lib/libnvrtc.so.11.2"));
        var bare = c.Where(p => !Path.IsPathRooted(p)).ToArray();
        Assert.That(bare, Is.EqualTo(new[] { "libnvrtc.so.13", "libnvrtc.so.12", "libnvrtc.so.11.2", "libnvrtc.so" }));
        Assert.That(c.ToList().IndexOf("/opt/override/libnvrtc.so.11.2"), Is.LessThan(c.ToList().IndexOf("/usr/local/cuda/lib64/libnvrtc.so.13")));

        Assert.That(NativeLibraries.Candidates(NativeLibraries.Driver, _ => null), Is.EqualTo(new[] { "libcuda.so.1" }));
        Assert.That(NativeLibraries.Candidates(NativeLibraries.Cublas, _ => null)[0], Is.EqualTo("libcublas.so.13"));
        Assert.Throws<ArgumentException>(() => NativeLibraries.Candidates("libfoo", _ => null));
    }

    [Test]
    public void KernelArgumentsFillTheLowBytesOfTheirSlot()
    {
        Assert.That(((KernelArg)(-1)).Bits, Is.EqualTo(0xFFFF_FFFFUL));
        Assert.That(((KernelArg)1.5f).Bits, Is.EqualTo((ulong)BitConverter.SingleToUInt32Bits(1.5f)));
        Assert.That(((KernelArg)0x1234_5678_9ABC_DEF0UL).Bits, Is.EqualTo(0x1234_5678_9ABC_DEF0UL));
        Assert.That(KernelArg.Of<float>(null).Bits, Is.Zero);
    }

    [TestCase(6, 2)]
    [TestCase(4, 4)]
    [TestCase(2, 0)]
    public void WignerKernelSizesMatchTheLayout(int l, int m)
    {
        var layout = new SphericalLayout(l, m);
        Assert.That(WignerRotateKernel.WignerSizeOf(l, m), Is.EqualTo(layout.TruncatedRotationSize));
        Assert.That(WignerRotateKernel.KReducedOf(l, m), Is.EqualTo(layout.KReduced));
    }

    [TestCase(0)]
    [TestCase(2)]
    [TestCase(6)]
    public void WignerFromEdgesJTableMatchesTheJMatricesAndTheKernelOffsets(int l)
    {
        Assert.That(WignerFromEdgesKernel.JSizeOf(l), Is.EqualTo(Enumerable.Range(0, l + 1).Sum(k => JMatrices.Of(k).Length)));
        // ck_j_offset(L + 1) = (L+1)(4(L+1)² − 1)/3 is the table size the kernel loads into shared memory.
        Assert.That(WignerFromEdgesKernel.JSizeOf(l), Is.EqualTo((l + 1) * ((4 * (l + 1) * (l + 1)) - 1) / 3));
    }

    [Test]
    public void S2ActivationChannelTileFitsTheDefaultSharedMemory()
    {
        Assert.That(S2ActivationKernel.ChannelTile(29), Is.EqualTo(64), "(6, 2) attention grid");
        Assert.That(S2ActivationKernel.ChannelTile(49), Is.EqualTo(64), "(6, 6) FFN grid");
        Assert.That(S2ActivationKernel.ChannelTile(81), Is.EqualTo(32), "(8, 8): 3·81·64 floats exceed 48 KB");
        Assert.Throws<ArgumentOutOfRangeException>(() => _ = new S2ActivationKernel(null!, 1, 70));
        Assert.Throws<ArgumentOutOfRangeException>(() => _ = new WignerFromEdgesKernel(null!, 2, 3));
    }

    private static CuResult Fails(int code) => (CuResult)code;
}
