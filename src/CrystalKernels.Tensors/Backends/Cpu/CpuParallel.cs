namespace CrystalKernels.Tensors.Backends.Cpu;

/// <summary>
/// Thread count and a chunked parallel loop for CPU kernels. Chunks are fixed by (n, grain) only, never by the thread
/// count, and each output element is written by exactly one chunk, so results are identical for any thread count.
/// </summary>
public static class CpuParallel
{
    private static int threads = Environment.ProcessorCount;

    /// <summary>Worker threads for CPU kernels (default: all cores). Set by the runner's --threads.</summary>
    public static int Threads
    {
        get => threads;
        set => threads = value >= 1 ? value : throw new ArgumentOutOfRangeException(nameof(value), "threads must be at least 1");
    }

    /// <summary>Runs body(start, end) over [0, n) in chunks of about <paramref name="grain"/> items.</summary>
    public static void For(long n, long grain, Action<long, long> body)
    {
        if (n <= 0)
        {
            return;
        }

        grain = Math.Max(1, grain);
        var chunks = (n + grain - 1) / grain;
        if (chunks == 1 || threads == 1)
        {
            body(0, n);
            return;
        }

        Parallel.For(0, chunks, new ParallelOptions { MaxDegreeOfParallelism = threads }, c =>
        {
            var s = c * grain;
            body(s, Math.Min(n, s + grain));
        });
    }
}
