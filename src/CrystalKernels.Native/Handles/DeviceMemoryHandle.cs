using CrystalKernels.Native.Interop;
using static CrystalKernels.Native.Interop.CudaCheck;

namespace CrystalKernels.Native.Handles;

/// <summary>A cuMemAlloc'd block; the handle value is the CUdeviceptr.</summary>
public sealed class DeviceMemoryHandle : ContextBoundHandle
{
    private DeviceMemoryHandle(CudaContextHandle context, long bytes)
        : base(context) => Bytes = bytes;

    public long Bytes { get; }

    public ulong Pointer => (ulong)Value;

    internal static DeviceMemoryHandle Allocate(CudaContextHandle context, long bytes)
    {
        var h = new DeviceMemoryHandle(context, bytes);
        Check(CudaDriver.cuMemAlloc(out var p, (nuint)Math.Max(bytes, 1)));
        h.Adopt((nint)p);
        return h;
    }

    protected override bool ReleaseInContext() => CudaDriver.cuMemFree((ulong)handle) == CuResult.Success;
}
