using CrystalKernels.SelfCheck;
using CrystalKernels.SelfCheck.Ilgpu;
using CrystalKernels.Tests.SelfCheck;
using CrystalKernels.Tests.Support;

namespace CrystalKernels.Tests.Ilgpu;

/// <summary>The same comparisons on the first CUDA device; ignored with "CUDA unavailable: no CUDA device" when there is none.</summary>
[TestFixture]
[Category(Categories.Gpu)]
public sealed class IlgpuCudaTests
{
    private readonly IlgpuSuite suite = new(SelfCheckTarget.Cuda);

    public static IEnumerable<TestCaseData> Checks() => SuiteCase.Names(new IlgpuSuite(SelfCheckTarget.Cuda));

    [OneTimeTearDown]
    public void CloseDevice() => suite.Dispose();

    [TestCaseSource(nameof(Checks))]
    public void Check(string name) => SuiteCase.Run(suite, name);
}
