using CrystalKernels.Native.Interop;
using static CrystalKernels.Native.Interop.CudaCheck;

namespace CrystalKernels.Native.Handles;

/// <summary>A loaded module (PTX, CUBIN or fatbin image via cuModuleLoadData).</summary>
public sealed class CudaModuleHandle : ContextBoundHandle
{
    private CudaModuleHandle(CudaContextHandle context)
        : base(context)
    {
    }

    internal static unsafe CudaModuleHandle Load(CudaContextHandle context, ReadOnlySpan<byte> image)
    {
        var h = new CudaModuleHandle(context);
        fixed (byte* p = image)
        {
            Check(CudaDriver.cuModuleLoadData(out var module, p));
            h.Adopt(module);
        }

        return h;
    }

    protected override bool ReleaseInContext() => CudaDriver.cuModuleUnload(handle) == CuResult.Success;
}
