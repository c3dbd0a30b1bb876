using CrystalKernels.SelfCheck;
using CrystalKernels.SelfCheck.Ilgpu;
using CrystalKernels.Tests.SelfCheck;
using CrystalKernels.Tests.Support;

namespace CrystalKernels.Tests.Ilgpu;

/// <summary>The ILGPU kernels on ILGPU's CPU accelerator (the GPU code path, on any machine): `crystal selfcheck --device cpu`.</summary>
[TestFixture]
[Category(Categories.Ilgpu)]
public sealed class IlgpuCpuAcceleratorTests
{
    private readonly IlgpuSuite suite = new(SelfCheckTarget.Cpu);

    public static IEnumerable<TestCaseData> Checks() => SuiteCase.Names(new IlgpuSuite(SelfCheckTarget.Cpu));

    [OneTimeTearDown]
    public void CloseDevice() => suite.Dispose();

    [TestCaseSource(nameof(Checks))]
    public void Check(string name) => SuiteCase.Run(suite, name);
}
