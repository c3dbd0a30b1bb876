using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using CrystalKernels.Crystals.Graph;
using CrystalKernels.Models.Config;
using CrystalKernels.Models.EquiformerV2;
using CrystalKernels.Models.Inputs;
using CrystalKernels.Tensors;
using CrystalKernels.Tensors.Autograd;
using CrystalKernels.Tensors.Backends.Cpu;
using CrystalKernels.Tensors.Ops;
using CrystalKernels.Tensors.Random;

namespace CrystalKernels.Cli.Commands;

/// <summary>
/// crystal bench step: one EquiformerV2 training step's forward and backward on the fixed timing batch (the first N
/// crystals of <see cref="TimingBatch"/>). Loss = species NLL + mean squared position-head output (dropout off), the
/// same work as a pretraining step without the optimizer. Median of timed runs after warm-up (<see cref="BenchTiming"/>).
/// peak_mb is the process's peak resident memory (VmHWM): model build, parameters, parameter gradients, the step
/// pool and the runtime, for this one configuration (run one configuration per process).
/// </summary>
public sealed class BenchStepCommand : ICliCommand
{
    public string[] Parent => ["bench"];

    public Command Build()
    {
        var config = new Option<string>("--config") { Description = "Model configuration (small, paper, ...)", DefaultValueFactory = _ => "small" };
        var batch = new Option<int>("--batch") { Description = "Crystals: the first N (1..8) of the timing batch", DefaultValueFactory = _ => 5 };
        var threads = new Option<int>("--threads") { Description = "Worker threads (default: all cores)", DefaultValueFactory = _ => Environment.ProcessorCount };
        var runs = new Option<int>("--runs") { Description = "Timed runs (median is printed)", DefaultValueFactory = _ => 3 };
        var warmup = new Option<int>("--warmup") { Description = "Untimed warm-up runs", DefaultValueFactory = _ => 1 };
        var dtype = new Option<string>("--dtype") { Description = "float32 or float64", DefaultValueFactory = _ => "float32" };
        var data = new Option<string>("--data") { Description = "MP-20 test_public.csv.gz holding the timing batch", DefaultValueFactory = _ => TimingBatch.DefaultDataPath };
        var profile = new Option<bool>("--profile") { Description = "After timing, one more step with the per-op tape profile (printed)" };
        var cmd = new Command("step", "Time forward and backward of one training step on the fixed timing batch; peak memory");
        foreach (var o in new Option[] { config, batch, threads, runs, warmup, dtype, data, profile })
        {
            cmd.Options.Add(o);
        }

        cmd.SetAction(parse =>
        {
            CpuParallel.Threads = parse.GetValue(threads);
            var name = parse.GetValue(config)!;
            var c = ModelPresets.Named(name);
            var dt = parse.GetValue(dtype) switch
            {
                "float32" => DType.Float32,
                "float64" => DType.Float64,
                var s => throw new ArgumentException($"bench step: --dtype must be float32 or float64, got '{s}'"),
            };
            var structures = TimingBatch.Read(parse.GetValue(data)!, parse.GetValue(batch));
            var graph = GraphBatch.Build(structures, c.MaxRadius, c.MaxNeighbors);
            var model = new EquiformerV2Model(c, RngStream.Create(0, "bench-step"), dt);
            var targets = Tensor.FromArray(graph.Species.Select(z => Math.Max(0, z - 1)).ToArray(), graph.AtomCount);
            var device = CpuDevice.Instance;
            device.ResetPeak();

            var process = Process.GetCurrentProcess();
            double CpuSeconds()
            {
                process.Refresh();
                return process.TotalProcessorTime.TotalSeconds;
            }

            // Wall and process CPU seconds (all threads) of forward and backward; CPU time shows contention on a shared machine.
            (double Forward, double Backward, double CpuForward, double CpuBackward) Step(TapeProfile? prof)
            {
                using var tape = new Tape { Profile = prof };
                prof?.Mark();
                var cpu0 = CpuSeconds();
                var sw = Stopwatch.StartNew();
                var inputs = ModelInputs.FromGraph(tape, graph, dt, positionGradient: true);
                var o = model.Forward(tape, inputs);
                var loss = Op.Nll(tape, Op.LogSoftmax(tape, o.Output), targets);
                if (o.Positions is not null)
                {
                    loss = Op.Add(tape, loss, Op.MeanAll(tape, Op.Mul(tape, o.Positions, o.Positions)));
                }

                var forward = sw.Elapsed.TotalSeconds;
                var cpu1 = CpuSeconds();
                sw.Restart();
                tape.Backward(loss);
                var backward = sw.Elapsed.TotalSeconds;
                return (forward, backward, cpu1 - cpu0, CpuSeconds() - cpu1);
            }

            for (var i = 0; i < parse.GetValue(warmup); i++)
            {
                Step(null);
            }

            var times = Enumerable.Range(0, Math.Max(1, parse.GetValue(runs))).Select(_ => Step(null)).ToList();
            var inv = CultureInfo.InvariantCulture;
            Console.WriteLine(string.Create(inv,
                $"step config={name} batch={graph.CrystalCount} forward_ms={1000 * BenchTiming.Median(times.Select(t => t.Forward)):F1} " +
                $"backward_ms={1000 * BenchTiming.Median(times.Select(t => t.Backward)):F1} peak_mb={ProcessMemory.PeakResidentBytes() / 1e6:F0}"));
            var paramBytes = model.Parameters.Sum(p => p.Storage.Bytes);
            Console.WriteLine(string.Create(inv,
                $"memory atoms={graph.AtomCount} edges={graph.EdgeCount} dtype={parse.GetValue(dtype)} threads={CpuParallel.Threads} " +
                $"params_mb={paramBytes / 1e6:F0} tensor_peak_mb={device.PeakBytes / 1e6:F0} pool_mb={device.PoolCapacityBytes / 1e6:F0} " +
                $"rss_mb={ProcessMemory.ResidentBytes() / 1e6:F0} cpu_forward_ms={1000 * BenchTiming.Median(times.Select(t => t.CpuForward)):F0} " +
                $"cpu_backward_ms={1000 * BenchTiming.Median(times.Select(t => t.CpuBackward)):F0}"));
            if (parse.GetValue(profile))
            {
                var prof = new TapeProfile();
                Step(prof);
                Console.WriteLine(prof.Report());
            }

            return 0;
        });
        return cmd;
    }
}
