namespace CrystalKernels.Crystals.Graph;

/// <summary>
/// Dataset statistics of crystals and their radius graphs (paper-spec 2.2 table): totals, edges per atom, the
/// per-atom in-degree distribution, and histograms of crystal size and of elements.
/// </summary>
public sealed record GraphStats(
    int Structures,
    long Atoms,
    long Edges,
    int MaxAtoms,
    int MaxEdgesPerCrystal,
    int InDegreeMedian,
    int InDegreeP90,
    int InDegreeP99,
    int InDegreeMax,
    IReadOnlyDictionary<int, int> SizeHistogram,
    IReadOnlyDictionary<int, long> ElementAtoms,
    IReadOnlyDictionary<int, int> ElementStructures)
{
    public double AtomsMean => Structures == 0 ? 0 : (double)Atoms / Structures;

    public double EdgesPerAtom => Atoms == 0 ? 0 : (double)Edges / Atoms;

    public double EdgesPerCrystal => Structures == 0 ? 0 : (double)Edges / Structures;

    public static GraphStats Compute(IReadOnlyList<Structure> structures, IReadOnlyList<CrystalGraph> graphs)
    {
        if (structures.Count != graphs.Count)
        {
            throw new ArgumentException($"graph stats: {structures.Count} structures but {graphs.Count} graphs");
        }

        long atoms = 0, edges = 0;
        var maxAtoms = 0;
        var maxEdges = 0;
        var sizes = new SortedDictionary<int, int>();
        var elemAtoms = new SortedDictionary<int, long>();
        var elemStructs = new SortedDictionary<int, int>();
        var degrees = new List<int>();
        for (var b = 0; b < structures.Count; b++)
        {
            var s = structures[b];
            var g = graphs[b];
            atoms += s.Count;
            edges += g.EdgeCount;
            maxAtoms = Math.Max(maxAtoms, s.Count);
            maxEdges = Math.Max(maxEdges, g.EdgeCount);
            sizes[s.Count] = sizes.GetValueOrDefault(s.Count) + 1;
            foreach (var z in s.Species)
            {
                elemAtoms[z] = elemAtoms.GetValueOrDefault(z) + 1;
            }

            foreach (var z in s.Species.Distinct())
            {
                elemStructs[z] = elemStructs.GetValueOrDefault(z) + 1;
            }

            for (var i = 0; i < g.AtomCount; i++)
            {
                degrees.Add(g.InDegree(i));
            }
        }

        degrees.Sort();
        int Q(double q) => degrees.Count == 0 ? 0 : degrees[(int)Math.Min(degrees.Count - 1, Math.Floor(q * degrees.Count))];
        return new GraphStats(structures.Count, atoms, edges, maxAtoms, maxEdges, Q(0.5), Q(0.9), Q(0.99), degrees.Count == 0 ? 0 : degrees[^1], sizes, elemAtoms, elemStructs);
    }
}
