using CrystalKernels.Native.Interop;
using static CrystalKernels.Native.Interop.CudaCheck;

namespace CrystalKernels.Native.Handles;

/// <summary>A CUDA event (default flags, so it records timing).</summary>
public sealed class CudaEventHandle : ContextBoundHandle
{
    private CudaEventHandle(CudaContextHandle context)
        : base(context)
    {
    }

    internal static CudaEventHandle Create(CudaContextHandle context)
    {
        var h = new CudaEventHandle(context);
        Check(CudaDriver.cuEventCreate(out var e, 0));
        h.Adopt(e);
        return h;
    }

    protected override bool ReleaseInContext() => CudaDriver.cuEventDestroy(handle) == CuResult.Success;
}
