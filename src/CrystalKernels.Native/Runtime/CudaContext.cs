using System.Text;
using CrystalKernels.Native.Handles;
using CrystalKernels.Native.Interop;
using static CrystalKernels.Native.Interop.CudaCheck;

namespace CrystalKernels.Native.Runtime;

/// <summary>
/// One GPU: its primary context made current on the creating thread, and what the kernels need to know about the
/// device (name, compute capability, SM count). Creates the buffers, streams, events and modules that live in it.
/// Call <see cref="MakeCurrent"/> on any other thread before using it there.
/// </summary>
public sealed class CudaContext : IDisposable
{
    private CudaContext(int ordinal, int device, CudaContextHandle handle)
    {
        Ordinal = ordinal;
        Device = device;
        Handle = handle;
        Name = DeviceName(device);
        Check(CudaDriver.cuDeviceGetAttribute(out var major, CuDeviceAttribute.ComputeCapabilityMajor, device));
        Check(CudaDriver.cuDeviceGetAttribute(out var minor, CuDeviceAttribute.ComputeCapabilityMinor, device));
        Check(CudaDriver.cuDeviceGetAttribute(out var sms, CuDeviceAttribute.MultiprocessorCount, device));
        Check(CudaDriver.cuDeviceTotalMem(out var bytes, device));
        Check(CudaDriver.cuDriverGetVersion(out var version));
        ComputeCapability = (major * 10) + minor;
        MultiprocessorCount = sms;
        TotalMemory = (long)bytes;
        DriverVersion = version;
    }

    public int Ordinal { get; }

    internal int Device { get; }

    public CudaContextHandle Handle { get; }

    public string Name { get; }

    /// <summary>e.g. 90 for sm_90 (H100/H200).</summary>
    public int ComputeCapability { get; }

    public int MultiprocessorCount { get; }

    public long TotalMemory { get; }

    /// <summary>CUDA version the driver supports, 1000·major + 10·minor (13000 for CUDA 13.0).</summary>
    public int DriverVersion { get; }

    /// <summary>Opens device <paramref name="ordinal"/>; throws <see cref="CudaException"/> with the reason when CUDA is unavailable.</summary>
    public static CudaContext Open(int ordinal = 0)
    {
        if (CudaAvailability.Probe() is { } why)
        {
            throw new CudaException("CudaContext.Open", -1, "CUDA unavailable", why);
        }

        Check(CudaDriver.cuDeviceGet(out var device, ordinal));
        var handle = CudaContextHandle.RetainPrimary(device);
        Check(CudaDriver.cuCtxSetCurrent(handle.Value));
        return new CudaContext(ordinal, device, handle);
    }

    public void MakeCurrent() => Check(CudaDriver.cuCtxSetCurrent(Handle.Value));

    public void Synchronize() => Check(CudaDriver.cuCtxSynchronize());

    public DeviceBuffer<T> Allocate<T>(long length) where T : unmanaged => new(this, length);

    public DeviceBuffer<T> Upload<T>(ReadOnlySpan<T> data) where T : unmanaged
    {
        var b = new DeviceBuffer<T>(this, data.Length);
        b.CopyFrom(data);
        return b;
    }

    public CudaStream CreateStream() => new(CudaStreamHandle.Create(Handle));

    public CudaEvent CreateEvent() => new(CudaEventHandle.Create(Handle));

    public CudaModule LoadModule(ReadOnlySpan<byte> image) => new(CudaModuleHandle.Load(Handle, image));

    public void Dispose() => Handle.Dispose();

    public override string ToString() => $"{Name} (sm_{ComputeCapability}, {MultiprocessorCount} SMs, {TotalMemory >> 20} MiB)";

    private static unsafe string DeviceName(int device)
    {
        var buf = stackalloc byte[256];
        Check(CudaDriver.cuDeviceGetName(buf, 256, device));
        var n = 0;
        while (n < 256 && buf[n] != 0)
        {
            n++;
        }

        return Encoding.UTF8.GetString(buf, n);
    }
}
