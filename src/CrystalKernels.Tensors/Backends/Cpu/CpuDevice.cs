using System.Collections.Concurrent;
using CrystalKernels.Tensors.Kernels;

namespace CrystalKernels.Tensors.Backends.Cpu;

/// <summary>The CPU device: managed arrays, a size-class pool for step buffers, and the CPU backend.</summary>
public sealed class CpuDevice : Device
{
    public static readonly CpuDevice Instance = new();

    private readonly ConcurrentDictionary<(DType, int), ConcurrentBag<Array>> pool = new();
    private long poolCapacityBytes;
    private long poolFreeBytes;

    private CpuDevice()
    {
    }

    public override string Name => "cpu";

    public override IBackend Backend => CpuBackend.Instance;

    public override Storage Allocate(DType dtype, long numel, bool zero)
    {
        var n = checked((int)numel);
        Array data = NewArray(dtype, n);
        CountAlloc(numel * dtype.SizeInBytes());
        return new CpuStorage(this, dtype, numel, data);
    }

    public override Storage Rent(DType dtype, long numel, bool zero)
    {
        var cls = SizeClass(checked((int)numel));
        Array data;
        if (pool.TryGetValue((dtype, cls), out var bag) && bag.TryTake(out var reused))
        {
            data = reused;
            Interlocked.Add(ref poolFreeBytes, -(long)cls * dtype.SizeInBytes());
            if (zero)
            {
                Array.Clear(data, 0, (int)numel);
            }
        }
        else
        {
            data = NewArray(dtype, cls);
            Interlocked.Add(ref poolCapacityBytes, (long)cls * dtype.SizeInBytes());
        }

        CountAlloc(numel * dtype.SizeInBytes());
        return new CpuStorage(this, dtype, numel, data);
    }

    public override void Return(Storage storage)
    {
        var s = (CpuStorage)storage;
        CountFree(s.Bytes);
        var bytes = (long)s.Data.Length * s.DType.SizeInBytes();

        // Steps of different sizes (crystal batches vary) peak in different size classes; an unbounded pool would keep
        // the union of every step's peak per class and grow for the whole run. Free buffers beyond the cap go to the GC.
        if (Interlocked.Read(ref poolFreeBytes) + bytes > MaxFreePoolBytes)
        {
            Interlocked.Add(ref poolCapacityBytes, -bytes);
            return;
        }

        Interlocked.Add(ref poolFreeBytes, bytes);
        pool.GetOrAdd((s.DType, s.Data.Length), _ => []).Add(s.Data);
    }

    /// <summary>Most free bytes the pool keeps: the live high-water mark (one step's worth) or 256 MiB, whichever is larger.</summary>
    public long MaxFreePoolBytes => Math.Max(256L << 20, PeakBytes);

    private static Array NewArray(DType dtype, int n) => dtype switch
    {
        DType.Float32 => new float[n],
        DType.Float64 => new double[n],
        _ => new int[n],
    };

    /// <summary>Bytes of every buffer the step pool has created (in use or free), size-class rounding included.</summary>
    public long PoolCapacityBytes => Interlocked.Read(ref poolCapacityBytes);

    /// <summary>Drops every pooled buffer (memory returns to the GC).</summary>
    public void TrimPool()
    {
        foreach (var bag in pool.Values)
        {
            while (bag.TryTake(out var a))
            {
                var bytes = (long)a.Length * (a is double[] ? 8 : 4);
                Interlocked.Add(ref poolCapacityBytes, -bytes);
                Interlocked.Add(ref poolFreeBytes, -bytes);
            }
        }
    }

    /// <summary>Rounds up to a size class with at most 12.5 % waste, so varying batch sizes still reuse buffers.</summary>
    internal static int SizeClass(int n)
    {
        if (n <= 64)
        {
            return 64;
        }

        var step = 1 << Math.Max(0, 31 - int.LeadingZeroCount(n) - 3);
        return (int)Math.Min(int.MaxValue, ((long)n + step - 1) / step * step);
    }
}
