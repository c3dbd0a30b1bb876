using CrystalKernels.SelfCheck.Native;
using CrystalKernels.Tests.SelfCheck;
using CrystalKernels.Tests.Support;

namespace CrystalKernels.Tests.Native.Gpu;

/// <summary>
/// The native tier on a CUDA device (module loads, ck_* kernels against float64/CPU twins, cuBLAS against float64):
/// the checks of `crystal selfcheck --device cuda`; ignored with the availability probe's reason without CUDA.
/// </summary>
[TestFixture]
[Category(Categories.Gpu)]
public sealed class NativeGpuTests
{
    private readonly NativeSuite suite = new();

    public static IEnumerable<TestCaseData> Checks() => SuiteCase.Names(new NativeSuite());

    [OneTimeTearDown]
    public void CloseGpu() => suite.Dispose();

    [TestCaseSource(nameof(Checks))]
    public void Check(string name) => SuiteCase.Run(suite, name);
}
