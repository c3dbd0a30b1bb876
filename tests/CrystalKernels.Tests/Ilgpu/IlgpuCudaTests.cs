using CrystalKernels.Gpu;
using CrystalKernels.Tests.Support;

namespace CrystalKernels.Tests.Ilgpu;

/// <summary>The same comparisons on the first CUDA device; ignored with the reason "no CUDA device" when there is none.</summary>
[TestFixture]
[Category(Categories.Gpu)]
public sealed class IlgpuCudaTests : IlgpuOpComparisons
{
    protected override IlgpuDevice Create()
    {
        if (IlgpuDevice.WhyCudaUnavailable() is { } why)
        {
            Assert.Ignore(why);
        }

        return IlgpuDevice.CreateCuda();
    }
}
