using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using CrystalKernels.Crystals.Graph;
using CrystalKernels.Crystals.Io;

namespace CrystalKernels.Cli.Commands;

/// <summary>crystal bench graph: wall time to build the periodic radius graphs of a whole dataset.</summary>
public sealed class BenchGraphCommand : ICliCommand
{
    public string[] Parent => ["bench"];

    public Command Build()
    {
        var input = new Option<string>("--input") { Description = "Dataset (.csv[.gz] with a cif column) or any structure file", Required = true };
        var cutoff = new Option<double>("--cutoff") { Description = "Radius-graph cutoff in Å", DefaultValueFactory = _ => RadiusGraph.DefaultCutoff };
        var maxNeighbors = new Option<int?>("--max-neighbors") { Description = "Cap on neighbours per atom (strict); default unlimited" };
        var repeat = new Option<int>("--repeat") { Description = "Timed repetitions (median reported)", DefaultValueFactory = _ => 5 };
        var threads = new Option<int>("--threads") { Description = "Parallel structures at once (-1 = all cores)", DefaultValueFactory = _ => -1 };
        var cmd = new Command("graph", "Time radius-graph construction over every structure of a dataset");
        foreach (var o in new Option[] { input, cutoff, maxNeighbors, repeat, threads })
        {
            cmd.Options.Add(o);
        }

        cmd.SetAction(parse =>
        {
            var path = parse.GetValue(input)!;
            var (rc, mn, reps, th) = (parse.GetValue(cutoff), parse.GetValue(maxNeighbors), Math.Max(1, parse.GetValue(repeat)), parse.GetValue(threads));
            var failed = 0;
            var sw = Stopwatch.StartNew();
            var structures = InputStructures.Read(path, _ => failed++);
            var readSeconds = sw.Elapsed.TotalSeconds;

            // One untimed warm-up pass (JIT), then the timed repetitions.
            var graphs = RadiusGraph.BuildMany(structures, rc, mn, maxDegreeOfParallelism: th);
            var times = new double[reps];
            for (var r = 0; r < reps; r++)
            {
                sw.Restart();
                graphs = RadiusGraph.BuildMany(structures, rc, mn, maxDegreeOfParallelism: th);
                times[r] = sw.Elapsed.TotalSeconds;
            }

            Array.Sort(times);
            var median = times[reps / 2];
            var st = GraphStats.Compute(structures, graphs);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"structures={st.Structures} failed={failed} atoms={st.Atoms} edges={st.Edges} edges_per_atom={st.EdgesPerAtom:F2} cutoff={rc} " +
                $"threads={(th < 1 ? Environment.ProcessorCount : th)} read_s={readSeconds:F3} graph_median_s={median:F4} graph_min_s={times[0]:F4} " +
                $"structures_per_s={st.Structures / median:F0} edges_per_s={st.Edges / median:E3}"));
            return 0;
        });
        return cmd;
    }
}
