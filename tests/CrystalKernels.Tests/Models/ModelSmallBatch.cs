using CrystalKernels.Crystals;
using CrystalKernels.Crystals.Graph;
using CrystalKernels.Tensors;
using CrystalKernels.Tests.Support;

namespace CrystalKernels.Tests.Models;

/// <summary>The model-small fixture's 4 crystals (input species, noisy positions, cells) and their 5 Å graph, rebuilt here.</summary>
internal static class ModelSmallBatch
{
    private static readonly Lazy<IReadOnlyList<Structure>> StructuresLazy = new(ReadStructures);
    private static readonly Lazy<GraphBatch> GraphLazy = new(() => GraphBatch.Build(Structures, 5.0, 500, strict: true));

    public static IReadOnlyList<Structure> Structures => StructuresLazy.Value;

    public static GraphBatch Graph => GraphLazy.Value;

    private static IReadOnlyList<Structure> ReadStructures()
    {
        var io = ModelSmallFixture.InputsOutputs;
        var natoms = io.Get("natoms").Span<int>().ToArray();
        var z = io.Get("atomic_numbers_input").Span<int>().ToArray();
        var pos = io.Get("pos_input").ToDoubleArray();
        var cell = io.Get("cell").ToDoubleArray();
        var structures = new List<Structure>();
        var a0 = 0;
        for (var b = 0; b < natoms.Length; b++)
        {
            var p = Enumerable.Range(a0, natoms[b]).Select(a => new Vec3(pos[3 * a], pos[(3 * a) + 1], pos[(3 * a) + 2])).ToArray();
            structures.Add(new Structure(Lattice.FromRowMajor(cell.AsSpan(9 * b, 9)), z[a0..(a0 + natoms[b])], p, $"model-small-{b}"));
            a0 += natoms[b];
        }

        return structures;
    }
}
