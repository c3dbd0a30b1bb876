namespace CrystalKernels.Crystals;

/// <summary>
/// One crystal: a lattice, atomic numbers (1..118; 0 is the mask token) and Cartesian positions in Å.
/// </summary>
public sealed class Structure
{
    public Structure(Lattice lattice, int[] species, Vec3[] positions, string? id = null)
    {
        if (species.Length != positions.Length)
        {
            throw new ArgumentException($"structure {id}: {species.Length} species but {positions.Length} positions");
        }

        foreach (var z in species)
        {
            if (z < 0 || z > Elements.Count)
            {
                throw new ArgumentException($"structure {id}: atomic number {z} is outside 0..{Elements.Count}");
            }
        }

        Lattice = lattice;
        Species = species;
        Positions = positions;
        Id = id;
    }

    public Lattice Lattice { get; }

    /// <summary>Atomic numbers; 0 = masked.</summary>
    public int[] Species { get; }

    /// <summary>Cartesian positions in Å.</summary>
    public Vec3[] Positions { get; }

    /// <summary>Material id, file name or row label; used in error messages and outputs.</summary>
    public string? Id { get; }

    public int Count => Species.Length;

    public static Structure FromFractional(Lattice lattice, int[] species, IReadOnlyList<Vec3> frac, string? id = null) =>
        new(lattice, species, frac.Select(lattice.ToCartesian).ToArray(), id);

    public Vec3[] FractionalPositions() => Positions.Select(Lattice.ToFractional).ToArray();

    /// <summary>Reduced chemical formula-like label in atomic-number order, e.g. "Na4 Cl4".</summary>
    public string Formula()
    {
        var counts = Species.GroupBy(z => z).OrderBy(g => g.Key);
        return string.Join(" ", counts.Select(g => (g.Key == 0 ? "X" : Elements.Symbol(g.Key)) + g.Count()));
    }

    public Structure With(int[]? species = null, Vec3[]? positions = null, Lattice? lattice = null, string? id = null) =>
        new(lattice ?? Lattice, species ?? (int[])Species.Clone(), positions ?? (Vec3[])Positions.Clone(), id ?? Id);

    public override string ToString() => $"{Id ?? "structure"} {Formula()} ({Count} atoms)";
}
