using System.CommandLine;
using System.Globalization;
using System.Numerics;
using CrystalKernels.Tensors.Backends.Cpu;
using CrystalKernels.Tensors.Backends.Cpu.Gemm;
using CrystalKernels.Tensors.Random;

namespace CrystalKernels.Cli.Commands;

/// <summary>
/// crystal bench gemm: GFLOP/s of CpuGemm at one shape, or (--shapes model) at the EquiformerV2 training shapes:
/// M = edge/node rows (10k..40k), K and N = channel widths (64..1024), plus the transposed backward products.
/// </summary>
public sealed class BenchGemmCommand : ICliCommand
{
    /// <summary>(m, n, k, transA, transB): forward X W, backward dX = dY W^T and dW = X^T dY at model widths.</summary>
    private static readonly (int M, int N, int K, bool TA, bool TB)[] ModelShapes =
    [
        (40000, 64, 64, false, false),
        (40000, 128, 128, false, false),
        (40000, 512, 128, false, false),
        (40000, 128, 512, false, false),
        (10000, 1024, 1024, false, false),
        (10000, 1024, 256, false, false),
        (40000, 128, 512, false, true),
        (512, 128, 40000, true, false),
        (1024, 1024, 10000, true, false),
    ];

    public string[] Parent => ["bench"];

    public Command Build()
    {
        var m = new Option<int>("--m") { Description = "Rows of C", DefaultValueFactory = _ => 1024 };
        var n = new Option<int>("--n") { Description = "Columns of C", DefaultValueFactory = _ => 1024 };
        var k = new Option<int>("--k") { Description = "Inner dimension", DefaultValueFactory = _ => 1024 };
        var threads = new Option<int>("--threads") { Description = "Worker threads (default: all cores)", DefaultValueFactory = _ => Environment.ProcessorCount };
        var dtype = new Option<string>("--dtype") { Description = "float32 or float64", DefaultValueFactory = _ => "float32" };
        var trans = new Option<string>("--trans") { Description = "nn, tn, nt or tt (op(A), op(B))", DefaultValueFactory = _ => "nn" };
        var shapes = new Option<string?>("--shapes") { Description = "'model': sweep the model's training shapes instead of --m/--n/--k" };
        var runs = new Option<int>("--runs") { Description = "Timed runs (median is printed)", DefaultValueFactory = _ => 9 };
        var warmup = new Option<int>("--warmup") { Description = "Untimed warm-up runs", DefaultValueFactory = _ => 3 };
        var cmd = new Command("gemm", "CPU GEMM throughput (GFLOP/s, median of timed runs after warm-up)");
        foreach (var o in new Option[] { m, n, k, threads, dtype, trans, shapes, runs, warmup })
        {
            cmd.Options.Add(o);
        }

        cmd.SetAction(r =>
        {
            CpuParallel.Threads = r.GetValue(threads);
            var t = r.GetValue(trans)!;
            if (t.Length != 2 || t.Any(ch => ch != 'n' && ch != 't'))
            {
                throw new ArgumentException($"bench gemm: --trans must be nn, tn, nt or tt, got '{t}'");
            }

            var list = r.GetValue(shapes) switch
            {
                null => [(r.GetValue(m), r.GetValue(n), r.GetValue(k), t[0] == 't', t[1] == 't')],
                "model" => ModelShapes,
                var s => throw new ArgumentException($"bench gemm: unknown --shapes '{s}' (expected 'model')"),
            };
            foreach (var (mm, nn, kk, ta, tb) in list)
            {
                var line = r.GetValue(dtype) switch
                {
                    "float32" => Run<float>(mm, nn, kk, ta, tb, r.GetValue(warmup), r.GetValue(runs)),
                    "float64" => Run<double>(mm, nn, kk, ta, tb, r.GetValue(warmup), r.GetValue(runs)),
                    var d => throw new ArgumentException($"bench gemm: --dtype must be float32 or float64, got '{d}'"),
                };
                Console.WriteLine(line);
            }

            return 0;
        });
        return cmd;
    }

    private static string Run<T>(int m, int n, int k, bool ta, bool tb, int warmup, int runs)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (m <= 0 || n <= 0 || k <= 0)
        {
            throw new ArgumentException($"bench gemm: sizes must be positive, got m={m} n={n} k={k}");
        }

        var rng = RngStream.Create(1, "bench-gemm");
        var a = Fill<T>(rng.Sub(0), (long)m * k);
        var b = Fill<T>(rng.Sub(1), (long)k * n);
        var c = new T[(long)m * n];
        var seconds = BenchTiming.MedianSeconds(
            () => CpuGemm.Gemm(ta, tb, m, n, k, T.One, a, ta ? m : k, b, tb ? k : n, T.Zero, c, n), warmup, runs);
        var gflops = 2.0 * m * n * k / seconds / 1e9;
        var trans = ta || tb ? $" trans={(ta ? 't' : 'n')}{(tb ? 't' : 'n')}" : string.Empty;
        var dt = typeof(T) == typeof(float) ? string.Empty : " dtype=float64";
        return string.Create(CultureInfo.InvariantCulture,
            $"gemm m={m} n={n} k={k} threads={CpuParallel.Threads}{trans}{dt} gflops={gflops:F1}");
    }

    private static T[] Fill<T>(RngStream rng, long count)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var x = new T[count];
        for (long i = 0; i < count; i++)
        {
            x[i] = T.CreateTruncating(rng.Uniform((ulong)i) - 0.5f);
        }

        return x;
    }
}
