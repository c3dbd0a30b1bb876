using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using CrystalKernels.Equivariant.Frames;
using CrystalKernels.Equivariant.Layout;
using CrystalKernels.Equivariant.Ops;
using CrystalKernels.Equivariant.Wigner;
using CrystalKernels.Tensors;
using CrystalKernels.Tensors.Autograd;
using CrystalKernels.Tensors.Backends.Cpu;
using CrystalKernels.Tensors.Random;

namespace CrystalKernels.Cli.Commands;

/// <summary>
/// crystal bench rotate: the edge-frame rotations of EquiformerV2 attention (EqOp.Rotate / RotateInv, L6M2, float32)
/// on random edges, forward and backward (dL/dx and dL/dBlocks), outputs from a step arena as in training. GB/s counts
/// the minimal traffic: each input read once, each output written once (backward: dy, x or y, blocks read; dx, dBlocks
/// written). GFLOP/s counts 2 flops per multiply-add of the block-diagonal product (235 per channel and edge).
/// </summary>
public sealed class BenchRotateCommand : ICliCommand
{
    public string[] Parent => ["bench"];

    public Command Build()
    {
        var edges = new Option<int>("--edges") { Description = "Edges E (features [E, 49, C])", DefaultValueFactory = _ => 4096 };
        var channels = new Option<int>("--channels") { Description = "Channels C", DefaultValueFactory = _ => 256 };
        var threads = new Option<int>("--threads") { Description = "Worker threads (default: all cores)", DefaultValueFactory = _ => Environment.ProcessorCount };
        var runs = new Option<int>("--runs") { Description = "Timed runs (median is printed)", DefaultValueFactory = _ => 7 };
        var warmup = new Option<int>("--warmup") { Description = "Untimed warm-up runs (at least; warm-up also lasts 0.5 s so the JIT reaches tier 1)", DefaultValueFactory = _ => 3 };
        var cmd = new Command("rotate", "Edge-frame rotate / rotate-inverse throughput (median ms, GB/s, GFLOP/s)");
        foreach (var o in new Option[] { edges, channels, threads, runs, warmup })
        {
            cmd.Options.Add(o);
        }

        cmd.SetAction(r =>
        {
            var (e, c) = (r.GetValue(edges), r.GetValue(channels));
            if (e <= 0 || c <= 0 || (long)e * 49 * c > int.MaxValue)
            {
                throw new ArgumentException($"bench rotate: need --edges > 0, --channels > 0 and E·49·C ≤ {int.MaxValue}, got E={e}, C={c}");
            }

            CpuParallel.Threads = r.GetValue(threads);
            var (w, k) = (r.GetValue(warmup), r.GetValue(runs));
            var layout = new SphericalLayout(6, 2);
            var blocks = EdgeWigner.Compute(RandomEdges(e), layout, RollVector.Fixture, DType.Float32).Blocks;
            var x = Random(2, e, layout.K, c);
            var y = Random(3, e, layout.KReduced, c);
            var (kf, kr, s) = ((double)layout.K * c, (double)layout.KReduced * c, (double)layout.TruncatedRotationSize);
            var flops = 2.0 * e * s * c;
            var bytesFwd = e * (kf + kr + s) * sizeof(float);
            var bytesBwd = e * (kr + kf + s + kf + s) * sizeof(float);
            Print("rotate", e, c, Time(t => EqOp.Rotate(t, x, blocks, layout), null, w, k), bytesFwd, flops);
            Print("rotate_inv", e, c, Time(t => EqOp.RotateInv(t, y, blocks, layout), null, w, k), bytesFwd, flops);
            Print("rotate_backward", e, c, Time(t => EqOp.Rotate(t, x, blocks, layout), [x, blocks], w, k), bytesBwd, 2 * flops);
            Print("rotate_inv_backward", e, c, Time(t => EqOp.RotateInv(t, y, blocks, layout), [y, blocks], w, k), bytesBwd, 2 * flops);
            Print("to_mmajor", e, c, Time(t => EqOp.ToMMajor(t, y, layout), null, w, k), 2 * e * kr * sizeof(float), 0);
            return 0;
        });
        return cmd;
    }

    /// <summary>
    /// Median seconds of the forward (grads null) or of the backward alone (grads: the inputs that get a gradient;
    /// the seed copy into dy and the zeroed gradient buffers are part of it, as in training). One step arena per run.
    /// </summary>
    private static double Time(Func<Tape, Tensor> op, Tensor[]? grads, int warmup, int runs)
    {
        var times = new double[Math.Max(1, runs)];
        var warm = Stopwatch.StartNew();
        for (var i = -warmup; i < times.Length; i++)
        {
            if (i == 0 && warm.Elapsed.TotalSeconds < 0.5)
            {
                i = -1; // tiered JIT: small problems need more calls than --warmup before the kernels are optimised
            }

            foreach (var g in grads ?? [])
            {
                g.RequiresGrad = true;
            }

            using var tape = new Tape();
            var sw = Stopwatch.StartNew();
            var output = op(tape);
            if (grads is not null)
            {
                var seed = output.EmptyLike(tape);
                seed.Fill(1.0);
                sw.Restart();
                tape.Backward(output, seed);
            }

            var elapsed = sw.Elapsed.TotalSeconds;
            if (i >= 0)
            {
                times[i] = elapsed;
            }

            foreach (var g in grads ?? [])
            {
                g.RequiresGrad = false;
            }
        }

        Array.Sort(times);
        return times[times.Length / 2];
    }

    private static Tensor RandomEdges(int e)
    {
        var rng = RngStream.Create(1, "bench-rotate-edges");
        var r = new double[3 * e];
        for (var i = 0; i < r.Length; i++)
        {
            r[i] = rng.Normal((ulong)i);
        }

        return Tensor.FromArray(r, e, 3);
    }

    private static Tensor Random(ulong seed, params int[] shape)
    {
        var t = Tensor.Empty(new Shape(shape), DType.Float32);
        var rng = RngStream.Create(seed, "bench-rotate-features");
        var s = t.Span<float>();
        for (var i = 0; i < s.Length; i++)
        {
            s[i] = (float)(rng.UniformDouble((ulong)i) - 0.5);
        }

        return t;
    }

    private static void Print(string op, int e, int c, double seconds, double bytes, double flops) =>
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"rotate op={op} edges={e} channels={c} threads={CpuParallel.Threads} median_ms={seconds * 1e3:F3} gbps={bytes / seconds / 1e9:F1} gflops={flops / seconds / 1e9:F1}"));
}
