using CrystalKernels.Native.Interop;
using static CrystalKernels.Native.Interop.CudaCheck;

namespace CrystalKernels.Native.Handles;

/// <summary>
/// A CUDA context: either the device's primary context (retained; released with cuDevicePrimaryCtxRelease, shared with
/// anyone else in the process that uses the runtime API or ILGPU on that device) or one we created (cuCtxDestroy).
/// </summary>
public sealed class CudaContextHandle : CudaHandle
{
    private CudaContextHandle(int device, bool primary)
    {
        Device = device;
        IsPrimary = primary;
    }

    public int Device { get; }

    public bool IsPrimary { get; }

    internal static CudaContextHandle RetainPrimary(int device)
    {
        var h = new CudaContextHandle(device, primary: true);
        Check(CudaDriver.cuDevicePrimaryCtxRetain(out var ctx, device));
        h.Adopt(ctx);
        return h;
    }

    internal static CudaContextHandle Create(int device)
    {
        var h = new CudaContextHandle(device, primary: false);
        Check(CudaDriver.cuCtxCreate(out var ctx, 0, device));
        h.Adopt(ctx);
        return h;
    }

    protected override bool ReleaseHandle() =>
        (IsPrimary ? CudaDriver.cuDevicePrimaryCtxRelease(Device) : CudaDriver.cuCtxDestroy(handle)) == CuResult.Success;
}
