using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using CrystalKernels.Crystals;
using CrystalKernels.Crystals.Graph;
using CrystalKernels.Crystals.Io;

namespace CrystalKernels.Cli.Commands;

/// <summary>crystal data stats: structure counts, graph density at the cutoff, size and element histograms.</summary>
public sealed class DataStatsCommand : ICliCommand
{
    public string[] Parent => ["data"];

    public Command Build()
    {
        var input = new Option<string>("--input") { Description = "Structure file or dataset (.csv[.gz] with a cif column, .cif, .json, .xyz, POSCAR, ...)", Required = true };
        var cutoff = new Option<double>("--cutoff") { Description = "Radius-graph cutoff in Å", DefaultValueFactory = _ => RadiusGraph.DefaultCutoff };
        var maxNeighbors = new Option<int?>("--max-neighbors") { Description = "Cap on neighbours per atom (strict); default unlimited" };
        var cmd = new Command("stats", "Count structures, atoms and radius-graph edges; print size and element histograms");
        cmd.Options.Add(input);
        cmd.Options.Add(cutoff);
        cmd.Options.Add(maxNeighbors);
        cmd.SetAction(parse =>
        {
            var path = parse.GetValue(input)!;
            var failures = new List<string>();
            var structures = InputStructures.Read(path, failures.Add);
            var sw = Stopwatch.StartNew();
            var graphs = RadiusGraph.BuildMany(structures, parse.GetValue(cutoff), parse.GetValue(maxNeighbors));
            var graphSeconds = sw.Elapsed.TotalSeconds;
            var st = GraphStats.Compute(structures, graphs);
            var inv = CultureInfo.InvariantCulture;
            Console.WriteLine(string.Create(inv, $"structures={st.Structures} failed={failures.Count} atoms_mean={st.AtomsMean:F2} edges_per_atom={st.EdgesPerAtom:F2}"));
            Console.WriteLine(string.Create(inv, $"atoms={st.Atoms} edges={st.Edges} edges_per_crystal={st.EdgesPerCrystal:F1} max_atoms={st.MaxAtoms} max_edges_per_crystal={st.MaxEdgesPerCrystal} cutoff={parse.GetValue(cutoff)} graph_seconds={graphSeconds:F3}"));
            Console.WriteLine($"in_degree: median={st.InDegreeMedian} p90={st.InDegreeP90} p99={st.InDegreeP99} max={st.InDegreeMax}");
            Console.WriteLine("size histogram (atoms: structures):");
            Console.WriteLine("  " + string.Join(" ", st.SizeHistogram.Select(kv => $"{kv.Key}:{kv.Value}")));
            Console.WriteLine($"elements ({st.ElementAtoms.Count}; symbol: atoms/structures, by atom count):");
            var elems = st.ElementAtoms.OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key)
                .Select(kv => $"{(kv.Key == 0 ? "X" : Elements.Symbol(kv.Key))}:{kv.Value}/{st.ElementStructures[kv.Key]}").ToArray();
            for (var k = 0; k < elems.Length; k += 10)
            {
                Console.WriteLine("  " + string.Join(" ", elems.Skip(k).Take(10)));
            }

            foreach (var f in failures.Take(20))
            {
                Console.Error.WriteLine($"failed: {f}");
            }

            return 0;
        });
        return cmd;
    }
}
