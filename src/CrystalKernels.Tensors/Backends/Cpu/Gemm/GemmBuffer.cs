using System.Runtime.InteropServices;

namespace CrystalKernels.Tensors.Backends.Cpu.Gemm;

/// <summary>
/// A 64-byte aligned native packing buffer that grows and is reused: one per thread and role, so a GEMM call in steady
/// state allocates no packing memory. A buffer already in use (a re-entrant call on the same thread) is never shared:
/// the caller gets a private one instead.
/// </summary>
internal sealed unsafe class GemmBuffer : IDisposable
{
    [ThreadStatic]
    private static GemmBuffer? packA;

    [ThreadStatic]
    private static GemmBuffer? packB;

    private void* ptr;
    private nuint bytes;
    private bool inUse;
    private bool pooled;

    ~GemmBuffer() => Free();

    /// <summary>This thread's buffer for packed A (role 0) or packed B (role 1), holding at least <paramref name="bytesNeeded"/>.</summary>
    public static GemmBuffer Rent(bool forB, long bytesNeeded)
    {
        ref var slot = ref forB ? ref packB : ref packA;
        var buffer = slot;
        if (buffer is null || buffer.inUse)
        {
            buffer = new GemmBuffer { pooled = buffer is null };
            if (buffer.pooled)
            {
                slot = buffer;
            }
        }

        buffer.Ensure((nuint)bytesNeeded);
        buffer.inUse = true;
        return buffer;
    }

    public T* Pointer<T>() where T : unmanaged => (T*)ptr;

    public void Dispose()
    {
        inUse = false;
        if (!pooled)
        {
            Free();
            GC.SuppressFinalize(this);
        }
    }

    private void Ensure(nuint needed)
    {
        if (needed <= bytes)
        {
            return;
        }

        Free();
        // Grow geometrically so a sequence of slightly larger problems does not reallocate every call.
        var size = Math.Max(needed, bytes * 2);
        ptr = NativeMemory.AlignedAlloc(size, 64);
        bytes = size;
    }

    private void Free()
    {
        if (ptr != null)
        {
            NativeMemory.AlignedFree(ptr);
            ptr = null;
            bytes = 0;
        }
    }
}
