using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using CrystalKernels.Crystals.Graph;
using CrystalKernels.Models.Config;
using CrystalKernels.Models.EquiformerV2;
using CrystalKernels.Models.Inputs;
using CrystalKernels.Tensors;
using CrystalKernels.Tensors.Autograd;
using CrystalKernels.Tensors.Ops;
using CrystalKernels.Tensors.Random;

namespace CrystalKernels.Cli.Commands;

/// <summary>crystal bench model: wall time of one EquiformerV2 forward and forward+backward on a batch of real crystals.</summary>
public sealed class BenchModelCommand : ICliCommand
{
    public string[] Parent => ["bench"];

    public Command Build()
    {
        var input = new Option<string>("--input") { Description = "Dataset (.csv[.gz] with a cif column) or any structure file", Required = true };
        var config = new Option<string>("--config") { Description = "Model configuration name", DefaultValueFactory = _ => "small" };
        var batch = new Option<int>("--batch") { Description = "Crystals per batch (the first ones of the input)", DefaultValueFactory = _ => 5 };
        var repeat = new Option<int>("--repeat") { Description = "Timed repetitions (median reported)", DefaultValueFactory = _ => 3 };
        var f64 = new Option<bool>("--float64") { Description = "Run in float64 instead of float32" };
        var cmd = new Command("model", "Time an EquiformerV2 forward and forward+backward (species + position loss) on a batch");
        foreach (var o in new Option[] { input, config, batch, repeat, f64 })
        {
            cmd.Options.Add(o);
        }

        cmd.SetAction(parse =>
        {
            var c = ModelPresets.Named(parse.GetValue(config)!);
            var dtype = parse.GetValue(f64) ? DType.Float64 : DType.Float32;
            var structures = InputStructures.Read(parse.GetValue(input)!).Take(Math.Max(1, parse.GetValue(batch))).ToList();
            var graph = GraphBatch.Build(structures, c.MaxRadius, c.MaxNeighbors);
            var model = new EquiformerV2Model(c, RngStream.Create(0, "bench-model"), dtype);
            var targets = Tensor.FromArray(graph.Species.Select(z => Math.Max(0, z - 1)).ToArray(), graph.AtomCount);
            var reps = Math.Max(1, parse.GetValue(repeat));
            double Time(bool backward)
            {
                var times = new double[reps + 1];
                for (var r = 0; r <= reps; r++)
                {
                    var sw = Stopwatch.StartNew();
                    using var tape = backward ? new Tape() : Tape.Inference();
                    var inputs = ModelInputs.FromGraph(tape, graph, dtype, positionGradient: backward);
                    var o = model.Forward(tape, inputs);
                    if (backward)
                    {
                        var loss = Op.Add(tape, Op.Nll(tape, Op.LogSoftmax(tape, o.Output), targets), Op.MeanAll(tape, Op.Mul(tape, o.Positions!, o.Positions!)));
                        tape.Backward(loss);
                    }

                    times[r] = sw.Elapsed.TotalSeconds;
                }

                // Repetition 0 is the warm-up (JIT).
                var timed = times[1..];
                Array.Sort(timed);
                return timed[timed.Length / 2];
            }

            var fwd = Time(false);
            var fwdBwd = Time(true);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"config={parse.GetValue(config)} dtype={dtype.ToString().ToLowerInvariant()} crystals={graph.CrystalCount} atoms={graph.AtomCount} edges={graph.EdgeCount} " +
                $"forward_s={fwd:F4} forward_backward_s={fwdBwd:F4} threads={Environment.ProcessorCount}"));
            return 0;
        });
        return cmd;
    }
}
