using CrystalKernels.Crystals;
using CrystalKernels.Tensors;
using CrystalKernels.Tensors.Io;
using CrystalKernels.Tests.Support;

namespace CrystalKernels.Tests.Graph;

/// <summary>
/// The reference graph fixture (shared/fixtures/equiformer-reference/graph): six MP-20 crystals in one batch, their
/// 5 Å graph (max 500) and the max-12 strict / non-strict variants. Structures are rebuilt from the stored cell,
/// Cartesian positions and atomic numbers.
/// </summary>
internal sealed class GraphFixture
{
    private GraphFixture(IReadOnlyDictionary<string, Tensor> t)
    {
        Tensors = t;
        var natoms = Ints("natoms");
        var z = Ints("atomic_numbers");
        var pos = Doubles("pos");
        var cell = Doubles("cell");
        var list = new List<Structure>();
        var a0 = 0;
        for (var b = 0; b < natoms.Length; b++)
        {
            var lattice = Lattice.FromRowMajor(cell.AsSpan(9 * b, 9));
            var species = z[a0..(a0 + natoms[b])];
            var p = Enumerable.Range(a0, natoms[b]).Select(a => new Vec3(pos[3 * a], pos[3 * a + 1], pos[3 * a + 2])).ToArray();
            list.Add(new Structure(lattice, species, p, $"fixture-{b}"));
            a0 += natoms[b];
        }

        Structures = list;
    }

    public IReadOnlyDictionary<string, Tensor> Tensors { get; }

    public IReadOnlyList<Structure> Structures { get; }

    /// <summary>Loads the fixture, or marks the test Ignored when shared/ is absent.</summary>
    public static GraphFixture Load() =>
        new(SafeTensors.Read(SharedPaths.RequireFixtures("equiformer-reference", "graph", "graph.safetensors")).Tensors);

    public int[] Ints(string name) => Tensors[name].Span<int>().ToArray();

    public double[] Doubles(string name) => Tensors[name].ToDoubleArray();
}
