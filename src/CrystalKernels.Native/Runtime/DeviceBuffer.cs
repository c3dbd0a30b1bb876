using CrystalKernels.Native.Handles;
using CrystalKernels.Native.Interop;
using static CrystalKernels.Native.Interop.CudaCheck;

namespace CrystalKernels.Native.Runtime;

/// <summary>A typed block of device memory of <see cref="Length"/> elements; freed on Dispose (never left to the GC).</summary>
public sealed unsafe class DeviceBuffer<T> : IDisposable where T : unmanaged
{
    internal DeviceBuffer(CudaContext context, long length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        Length = length;
        Memory = DeviceMemoryHandle.Allocate(context.Handle, length * sizeof(T));
    }

    public long Length { get; }

    public long Bytes => Length * sizeof(T);

    public DeviceMemoryHandle Memory { get; }

    /// <summary>The CUdeviceptr, for kernel arguments.</summary>
    public ulong Pointer => Memory.Pointer;

    public void CopyFrom(ReadOnlySpan<T> source)
    {
        CheckLength(source.Length);
        fixed (T* p = source)
        {
            Check(CudaDriver.cuMemcpyHtoD(Pointer, p, (nuint)Bytes));
        }
    }

    public void CopyTo(Span<T> destination)
    {
        CheckLength(destination.Length);
        fixed (T* p = destination)
        {
            Check(CudaDriver.cuMemcpyDtoH(p, Pointer, (nuint)Bytes));
        }
    }

    /// <summary>Asynchronous upload; <paramref name="source"/> must stay alive and unmoved until the stream is synchronised.</summary>
    public void CopyFromAsync(T* source, CudaStream stream) =>
        Check(CudaDriver.cuMemcpyHtoDAsync(Pointer, source, (nuint)Bytes, stream.Handle.Value));

    public void CopyToAsync(T* destination, CudaStream stream) =>
        Check(CudaDriver.cuMemcpyDtoHAsync(destination, Pointer, (nuint)Bytes, stream.Handle.Value));

    public void CopyFrom(DeviceBuffer<T> source)
    {
        CheckLength(source.Length);
        Check(CudaDriver.cuMemcpyDtoD(Pointer, source.Pointer, (nuint)Bytes));
    }

    public void CopyFromAsync(DeviceBuffer<T> source, CudaStream stream)
    {
        CheckLength(source.Length);
        Check(CudaDriver.cuMemcpyDtoDAsync(Pointer, source.Pointer, (nuint)Bytes, stream.Handle.Value));
    }

    public void Zero() => Check(CudaDriver.cuMemsetD8(Pointer, 0, (nuint)Bytes));

    public T[] ToArray()
    {
        var a = new T[Length];
        CopyTo(a);
        return a;
    }

    public void Dispose() => Memory.Dispose();

    private void CheckLength(long n)
    {
        if (n != Length)
        {
            throw new ArgumentException($"DeviceBuffer<{typeof(T).Name}>: {n} host elements for a buffer of {Length}");
        }
    }
}
