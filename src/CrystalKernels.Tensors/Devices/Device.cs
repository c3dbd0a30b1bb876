using CrystalKernels.Tensors.Kernels;

namespace CrystalKernels.Tensors;

/// <summary>
/// A place where tensors live and kernels run. A device owns an allocator with live/peak counters and a backend
/// (one kernel implementation per op family).
/// </summary>
public abstract class Device
{
    private long liveBytes;
    private long peakBytes;

    public abstract string Name { get; }

    public abstract IBackend Backend { get; }

    /// <summary>Bytes currently held by tensors on this device (pooled-but-free buffers excluded).</summary>
    public long LiveBytes => Interlocked.Read(ref liveBytes);

    /// <summary>High-water mark of <see cref="LiveBytes"/> since the last <see cref="ResetPeak"/>.</summary>
    public long PeakBytes => Interlocked.Read(ref peakBytes);

    public void ResetPeak() => Interlocked.Exchange(ref peakBytes, LiveBytes);

    /// <summary>A long-lived buffer (parameters, optimizer state, inference outputs without a tape).</summary>
    public abstract Storage Allocate(DType dtype, long numel, bool zero);

    /// <summary>A buffer from the reuse pool; it goes back to the pool through <see cref="Return"/> when a step ends.</summary>
    public abstract Storage Rent(DType dtype, long numel, bool zero);

    public abstract void Return(Storage storage);

    /// <summary>Sets every element of a tensor whose storage is on this device (Tensor.Fill of a non-CPU tensor).</summary>
    public virtual void Fill(Tensor t, double value) =>
        throw new NotSupportedException($"device {Name} cannot fill {t.Describe()}");

    /// <summary>dst = src where one of them lives on this non-CPU device (upload, download or device copy).</summary>
    public virtual void Copy(Tensor src, Tensor dst) =>
        throw new NotSupportedException($"device {Name} cannot copy {src.Describe()} into {dst.Describe()}");

    protected void CountAlloc(long bytes)
    {
        var now = Interlocked.Add(ref liveBytes, bytes);
        long peak;
        while (now > (peak = Interlocked.Read(ref peakBytes)) && Interlocked.CompareExchange(ref peakBytes, now, peak) != peak)
        {
        }
    }

    protected void CountFree(long bytes) => Interlocked.Add(ref liveBytes, -bytes);

    public override string ToString() => Name;
}
