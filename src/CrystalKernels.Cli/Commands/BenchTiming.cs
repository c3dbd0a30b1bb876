using System.Diagnostics;

namespace CrystalKernels.Cli.Commands;

/// <summary>Shared timing rule of the bench verbs: warm-up runs, then the median of timed runs (seconds).</summary>
internal static class BenchTiming
{
    public static double MedianSeconds(Action run, int warmup, int runs)
    {
        for (var i = 0; i < warmup; i++)
        {
            run();
        }

        var times = new double[Math.Max(1, runs)];
        for (var i = 0; i < times.Length; i++)
        {
            var sw = Stopwatch.StartNew();
            run();
            times[i] = sw.Elapsed.TotalSeconds;
        }

        return Median(times);
    }

    /// <summary>The median (mean of the two middle values for an even count).</summary>
    public static double Median(IEnumerable<double> values)
    {
        var times = values.ToArray();
        Array.Sort(times);
        return times.Length % 2 == 1 ? times[times.Length / 2] : 0.5 * (times[times.Length / 2 - 1] + times[times.Length / 2]);
    }
}
