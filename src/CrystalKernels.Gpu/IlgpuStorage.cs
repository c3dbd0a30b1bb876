using CrystalKernels.Tensors;
using ILGPU;
using ILGPU.Runtime;

namespace CrystalKernels.Gpu;

/// <summary>
/// Accelerator memory: a typed ILGPU buffer that may be longer than <see cref="Storage.Numel"/> (pooled size class).
/// Disposing frees the device memory at once; the device frees whatever is left when it is disposed.
/// </summary>
public sealed class IlgpuStorage : Storage, IDisposable
{
    internal IlgpuStorage(IlgpuDevice device, DType dtype, long numel, MemoryBuffer buffer)
        : base(device, dtype, numel)
    {
        Buffer = buffer;
    }

    internal MemoryBuffer Buffer { get; }

    /// <summary>The first <see cref="Storage.Numel"/> elements; T must match the dtype.</summary>
    public ArrayView<T> View<T>() where T : unmanaged
    {
        if (DTypeExtensions.Of<T>() != DType)
        {
            throw new InvalidOperationException($"ilgpu storage holds {DType.Name()}, not {typeof(T).Name}");
        }

        return ((MemoryBuffer1D<T, Stride1D.Dense>)Buffer).View.SubView(0, Numel);
    }

    internal bool Disposed { get; private set; }

    /// <summary>Frees a long-lived (Allocate) buffer now; pooled step buffers go back through the tape instead.</summary>
    public void Dispose()
    {
        if (!Disposed)
        {
            Disposed = true;
            ((IlgpuDevice)Device).Free(this);
        }
    }
}
