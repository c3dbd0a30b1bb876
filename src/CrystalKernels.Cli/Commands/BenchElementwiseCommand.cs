using System.CommandLine;
using System.Globalization;
using TensorPrimitives = System.Numerics.Tensors.TensorPrimitives;
using CrystalKernels.Tensors;
using CrystalKernels.Tensors.Backends.Cpu;
using CrystalKernels.Tensors.Ops;

namespace CrystalKernels.Cli.Commands;

/// <summary>
/// crystal bench elementwise: memory throughput (GB/s) of large float32 Op.Add and Op.Mul (bytes = 2 reads + 1 write,
/// output allocated per call as in training without an arena) and of a full sum reduction (bytes = 1 read).
/// </summary>
public sealed class BenchElementwiseCommand : ICliCommand
{
    public string[] Parent => ["bench"];

    public Command Build()
    {
        var n = new Option<long>("--n") { Description = "Elements per tensor", DefaultValueFactory = _ => 64L << 20 };
        var threads = new Option<int>("--threads") { Description = "Worker threads (default: all cores)", DefaultValueFactory = _ => Environment.ProcessorCount };
        var runs = new Option<int>("--runs") { Description = "Timed runs (median is printed)", DefaultValueFactory = _ => 7 };
        var warmup = new Option<int>("--warmup") { Description = "Untimed warm-up runs (enough for the GC to reach steady state with the per-call output)", DefaultValueFactory = _ => 10 };
        var cmd = new Command("elementwise", "Large elementwise and reduction throughput (GB/s, median after warm-up)");
        foreach (var o in new Option[] { n, threads, runs, warmup })
        {
            cmd.Options.Add(o);
        }

        cmd.SetAction(r =>
        {
            var count = r.GetValue(n);
            if (count <= 0 || count > int.MaxValue)
            {
                throw new ArgumentException($"bench elementwise: --n must be in 1..{int.MaxValue}, got {count}");
            }

            CpuParallel.Threads = r.GetValue(threads);
            var (w, k) = (r.GetValue(warmup), r.GetValue(runs));
            var a = Tensor.Full(new Shape((int)count), 1.5, DType.Float32);
            var b = Tensor.Full(new Shape((int)count), 0.25, DType.Float32);
            var bytes3 = 3.0 * count * sizeof(float);
            Print("add", count, bytes3, BenchTiming.MedianSeconds(() => Op.Add(null, a, b), w, k), string.Empty);
            Print("mul", count, bytes3, BenchTiming.MedianSeconds(() => Op.Mul(null, a, b), w, k), string.Empty);
            var sink = 0f;
            var sum = BenchTiming.MedianSeconds(() => sink += TensorPrimitives.Sum<float>(a.Span<float>()), w, k);
            // No reduction op exists yet in Ops/; this times the primitive a sum op would call.
            Print("sum", count, count * (double)sizeof(float), sum, $" impl=TensorPrimitives.Sum check={sink / (w + k):G6}");
            return 0;
        });
        return cmd;
    }

    private static void Print(string op, long n, double bytes, double seconds, string extra) =>
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"elementwise op={op} n={n} threads={CpuParallel.Threads} gbps={bytes / seconds / 1e9:F1}{extra}"));
}
