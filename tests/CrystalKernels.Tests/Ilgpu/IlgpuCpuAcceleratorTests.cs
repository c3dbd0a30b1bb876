using CrystalKernels.Gpu;
using CrystalKernels.Tests.Support;

namespace CrystalKernels.Tests.Ilgpu;

/// <summary>The ILGPU kernels on ILGPU's CPU accelerator: the GPU code path, tested on any machine.</summary>
[TestFixture]
[Category(Categories.Ilgpu)]
public sealed class IlgpuCpuAcceleratorTests : IlgpuOpComparisons
{
    protected override IlgpuDevice Create() => IlgpuDevice.CreateCpu();
}
