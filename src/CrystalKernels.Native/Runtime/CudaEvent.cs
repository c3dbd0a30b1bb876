using CrystalKernels.Native.Handles;
using CrystalKernels.Native.Interop;
using static CrystalKernels.Native.Interop.CudaCheck;

namespace CrystalKernels.Native.Runtime;

/// <summary>A stream event, for GPU-side timing (performance.md §5.4: time with events, not host clocks).</summary>
public sealed class CudaEvent(CudaEventHandle handle) : IDisposable
{
    public CudaEventHandle Handle { get; } = handle;

    /// <summary>Records on <paramref name="stream"/>, or on the legacy default stream when null.</summary>
    public void Record(CudaStream? stream = null) => Check(CudaDriver.cuEventRecord(Handle.Value, stream?.Handle.Value ?? 0));

    public void Synchronize() => Check(CudaDriver.cuEventSynchronize(Handle.Value));

    /// <summary>Milliseconds from <paramref name="start"/> to this event (both recorded and complete).</summary>
    public float ElapsedSince(CudaEvent start)
    {
        Check(CudaDriver.cuEventElapsedTime(out var ms, start.Handle.Value, Handle.Value));
        return ms;
    }

    public void Dispose() => Handle.Dispose();
}
