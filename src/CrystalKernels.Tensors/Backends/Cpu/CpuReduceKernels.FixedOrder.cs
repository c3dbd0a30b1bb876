namespace CrystalKernels.Tensors.Backends.Cpu;

public sealed partial class CpuReduceKernels
{
    /// <summary>Items per partial sum of <see cref="FixedOrderSum"/>: chunks depend on n only, never on threads.</summary>
    internal const long SumGrain = 16384;

    /// <summary>
    /// Σ over [0, n) of what <paramref name="chunk"/>(start, end) returns for fixed chunks of <see cref="SumGrain"/>
    /// items: the chunks run in parallel, their double partials are added in chunk order, so the result is bitwise
    /// the same for any thread count.
    /// </summary>
    internal static double FixedOrderSum(long n, Func<long, long, double> chunk)
    {
        if (n <= SumGrain)
        {
            return n <= 0 ? 0.0 : chunk(0, n);
        }

        var partials = new double[(n + SumGrain - 1) / SumGrain];
        CpuParallel.For(partials.Length, 1, (c0, c1) =>
        {
            for (var c = c0; c < c1; c++)
            {
                partials[c] = chunk(c * SumGrain, Math.Min(n, (c + 1) * SumGrain));
            }
        });

        var total = 0.0;
        foreach (var p in partials)
        {
            total += p;
        }

        return total;
    }
}
