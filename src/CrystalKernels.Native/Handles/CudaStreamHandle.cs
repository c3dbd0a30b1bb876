using CrystalKernels.Native.Interop;
using static CrystalKernels.Native.Interop.CudaCheck;

namespace CrystalKernels.Native.Handles;

/// <summary>A CUDA stream (created non-blocking with respect to the legacy default stream).</summary>
public sealed class CudaStreamHandle : ContextBoundHandle
{
    private const uint NonBlocking = 1;

    private CudaStreamHandle(CudaContextHandle context)
        : base(context)
    {
    }

    internal static CudaStreamHandle Create(CudaContextHandle context)
    {
        var h = new CudaStreamHandle(context);
        Check(CudaDriver.cuStreamCreate(out var s, NonBlocking));
        h.Adopt(s);
        return h;
    }

    protected override bool ReleaseInContext() => CudaDriver.cuStreamDestroy(handle) == CuResult.Success;
}
