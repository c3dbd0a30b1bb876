using CrystalKernels.Native.Handles;
using CrystalKernels.Native.Interop;
using static CrystalKernels.Native.Interop.CudaCheck;

namespace CrystalKernels.Native.Runtime;

/// <summary>A stream: kernels, copies and cuBLAS calls on it run in order.</summary>
public sealed class CudaStream(CudaStreamHandle handle) : IDisposable
{
    public CudaStreamHandle Handle { get; } = handle;

    public void Synchronize() => Check(CudaDriver.cuStreamSynchronize(Handle.Value));

    public void Dispose() => Handle.Dispose();
}
