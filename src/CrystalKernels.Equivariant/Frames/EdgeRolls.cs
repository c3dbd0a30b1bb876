namespace CrystalKernels.Equivariant.Frames;

/// <summary>
/// The roll candidates of every edge of one forward: one set shared by all edges (a fixed roll vector), or one set per
/// crystal with each edge's crystal index (the lattice rule). Built by <see cref="RollRule.ForEdges"/>.
/// </summary>
public sealed class EdgeRolls
{
    private readonly RollCandidates[] sets;
    private readonly int[]? edgeSet;

    private EdgeRolls(RollCandidates[] sets, int[]? edgeSet)
    {
        this.sets = sets;
        this.edgeSet = edgeSet;
    }

    /// <summary>The number of edges this covers, or null when one set serves any number of edges.</summary>
    public int? EdgeCount => edgeSet?.Length;

    /// <summary>All edges share <paramref name="candidates"/>.</summary>
    public static EdgeRolls Uniform(RollCandidates candidates) => new([candidates], null);

    /// <summary>Edge e uses <paramref name="perCrystal"/>[<paramref name="edgeCrystal"/>[e]].</summary>
    public static EdgeRolls PerCrystal(RollCandidates[] perCrystal, int[] edgeCrystal)
    {
        for (var e = 0; e < edgeCrystal.Length; e++)
        {
            if ((uint)edgeCrystal[e] >= (uint)perCrystal.Length)
            {
                throw new ArgumentException($"EdgeRolls: edge {e} belongs to crystal {edgeCrystal[e]} but there are {perCrystal.Length} crystals");
            }
        }

        return new EdgeRolls(perCrystal, edgeCrystal);
    }

    /// <summary>The candidates of edge <paramref name="edge"/>.</summary>
    public RollCandidates For(int edge) => edgeSet is null ? sets[0] : sets[edgeSet[edge]];

    /// <summary>Throws unless this covers exactly <paramref name="edges"/> edges (or any number).</summary>
    public void CheckEdgeCount(string op, int edges)
    {
        if (edgeSet is not null && edgeSet.Length != edges)
        {
            throw new ArgumentException($"{op}: roll candidates cover {edgeSet.Length} edges but there are {edges}");
        }
    }
}
