using CrystalKernels.Native;
using CrystalKernels.Native.Kernels;
using CrystalKernels.Native.Runtime;

namespace CrystalKernels.SelfCheck.Native;

/// <summary>
/// The native tier on device 0: every native/*.cu module loads (nvcc fatbin from $CRYSTALKERNELS_FATBIN_DIR, else
/// NVRTC), each kernel against its float64 or CPU twin (S2 activation and Wigner-from-edges included), and cuBLAS through our bindings against float64 products.
/// </summary>
public sealed partial class NativeSuite : CheckSuite
{
    private CudaContext? gpu;
    private KernelLibrary? library;

    public NativeSuite()
        : base("native")
    {
        foreach (var source in KernelSources.Kernels)
        {
            Add($"module/{source}", () => ModuleLoads(source));
        }

        Add("gaussian-rbf/forward-backward", GaussianRbfMatchesTheFormula);
        Add("rms-norm-sh/n3-l2-c40", () => RmsNormShMatchesTheFloat64Formula(3, 2, 40));
        Add("rms-norm-sh/n4-l6-c128", () => RmsNormShMatchesTheFloat64Formula(4, 6, 128));
        Add("segment-softmax/forward-backward", SegmentSoftmaxMatchesTheCpuKernels);
        Add("segment-softmax/bitwise-repeatable", SegmentSoftmaxIsBitwiseRepeatable);
        Add("wigner-rotate/rotate", WignerRotateMatchesTheDenseProductAndItsAdjoints);
        Add("wigner-rotate/rotate-inverse", WignerRotateInverseMatchesTheDenseProductAndItsAdjoints);
        Add("s2-activation/l6-m2-c48", () => S2ActivationMatchesTheCpuOp(6, 2, 48));
        Add("s2-activation/l6-m6-c100", () => S2ActivationMatchesTheCpuOp(6, 6, 100));
        Add("s2-activation/bitwise-repeatable", S2ActivationIsBitwiseRepeatable);
        Add("wigner-from-edges/fixed-roll-l6-m2", () => WignerFromEdgesMatchesEdgeWignerWithTheFixedRoll(6, 2));
        Add("wigner-from-edges/fixed-roll-l6-m6", () => WignerFromEdgesMatchesEdgeWignerWithTheFixedRoll(6, 6));
        Add("wigner-from-edges/lattice-roll-l6-m2", WignerFromEdgesMatchesEdgeWignerWithTheLatticeRoll);
        Add("wigner-from-edges/invalid-edges", WignerFromEdgesMarksInvalidEdges);
        Add("cublas/sgemm-row-major", RowMajorSgemmMatchesFloat64);
        Add("cublas/gemm-ex-tf32", Tf32GemmExIsCloseToFloat64);
        Add("cublas/sgemm-strided-batched", StridedBatchedSgemmMatchesFloat64PerBatch);
        Add("cublas/bad-arguments-name-the-call", BadArgumentsComeBackAsCudaExceptionNamingTheCall);
    }

    private CudaContext Gpu => gpu ?? throw new InvalidOperationException($"selfcheck: suite {Name} is not open");

    private KernelLibrary Library => library ?? throw new InvalidOperationException($"selfcheck: suite {Name} is not open");

    protected override string? Probe() => CudaAvailability.Probe();

    protected override void Open()
    {
        gpu = CudaContext.Open();
        library = new KernelLibrary(gpu);
    }

    // The context is current per thread; NUnit may run a fixture's tests on another thread than its setup.
    protected override void BeforeEach() => Gpu.MakeCurrent();

    protected override void Close()
    {
        library?.Dispose();
        gpu?.Dispose();
        (library, gpu) = (null, null);
    }

    private void ModuleLoads(string source)
    {
        Expect.That(Library.Module(source) is not null, $"{source}: no module");
        Note($"{Gpu}: {Library.Origins[source]}");
    }
}
