using System.CommandLine;
using System.Globalization;
using CrystalKernels.Tensors;
using CrystalKernels.Tensors.Autograd;
using CrystalKernels.Tensors.Backends.Cpu;
using CrystalKernels.Tensors.Ops;

namespace CrystalKernels.Cli.Commands;

/// <summary>
/// crystal bench elementwise: memory throughput (GB/s) of large float32 ops through the real Op path, with outputs from
/// a step arena as in training (no allocation in steady state). Bytes: binary ops 2 reads + 1 write, unary ops 1 read +
/// 1 write, reductions 1 read.
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
            var bytes2 = 2.0 * count * sizeof(float);
            Print("add", count, bytes3, InStep(() => Op.Add(stepTape, a, b), w, k), string.Empty);
            Print("mul", count, bytes3, InStep(() => Op.Mul(stepTape, a, b), w, k), string.Empty);
            Print("silu", count, bytes2, InStep(() => Op.Silu(stepTape, a), w, k), string.Empty);
            Print("exp", count, bytes2, InStep(() => Op.Exp(stepTape, b), w, k), string.Empty);
            Print("sum", count, count * (double)sizeof(float), InStep(() => Op.SumAll(stepTape, a), w, k), " impl=Op.SumAll");
            var rows = Tensor.Full(new Shape((int)(count / 128), 128), 0.5, DType.Float32);
            Print("sum_rows", count, count * (double)sizeof(float), InStep(() => Op.Sum(stepTape, rows, axis: 1), w, k), " shape=[N,128] axis=1");
            Print("softmax_rows", count, bytes2, InStep(() => Op.Softmax(stepTape, rows), w, k), " shape=[N,128]");
            return 0;
        });
        return cmd;
    }

    private static Tape stepTape = Tape.Inference();

    /// <summary>Times one op per step: each run's output comes from a fresh step arena (pooled buffers, as in training).</summary>
    private static double InStep(Func<Tensor> op, int warmup, int runs) =>
        BenchTiming.MedianSeconds(() =>
        {
            stepTape.Dispose();
            stepTape = Tape.Inference();
            op();
        }, warmup, runs);

    private static void Print(string op, long n, double bytes, double seconds, string extra) =>
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"elementwise op={op} n={n} threads={CpuParallel.Threads} gbps={bytes / seconds / 1e9:F1}{extra}"));
}
