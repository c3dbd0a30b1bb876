using CrystalKernels.Native.Interop;

namespace CrystalKernels.Native.Handles;

/// <summary>An NVRTC program (host-side only, no context).</summary>
public sealed class NvrtcProgramHandle : CudaHandle
{
    internal NvrtcProgramHandle()
    {
    }

    protected override bool ReleaseHandle()
    {
        var h = handle;
        return Nvrtc.nvrtcDestroyProgram(ref h) == NvrtcResult.Success;
    }
}
