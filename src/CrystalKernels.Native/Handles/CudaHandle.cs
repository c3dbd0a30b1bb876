using System.Runtime.InteropServices;

namespace CrystalKernels.Native.Handles;

/// <summary>Base of every native CUDA resource: a SafeHandle whose zero value means "none".</summary>
public abstract class CudaHandle : SafeHandle
{
    protected CudaHandle()
        : base(0, ownsHandle: true)
    {
    }

    public override bool IsInvalid => handle == 0;

    internal nint Value => handle;

    internal void Adopt(nint value) => SetHandle(value);
}
