namespace CrystalKernels.Crystals.Graph;

/// <summary>
/// B crystals and their radius graphs concatenated PyG-style (paper-spec 2.1): atoms of crystal b are
/// NodeOffsets[b] .. NodeOffsets[b+1]−1, its edges EdgeOffsets[b] .. EdgeOffsets[b+1]−1, and edge atom indices are
/// global. Edges stay sorted by global target, so <see cref="RowPtr"/> is a CSR over the whole batch.
/// </summary>
/// <remarks>
/// Shapes: NodeOffsets/EdgeOffsets [B+1], Batch/Species [N], Positions [N,3] Cartesian Å, Cells [B,3,3] rows a, b, c,
/// RowPtr [N+1], Source/Target [E], CellOffsets [E,3] int, OffsetCartesian [E,3] = n·cell of the edge's crystal,
/// EdgeVectors [E,3] = pos[src] − pos[tgt] + n·cell, Distances [E].
/// </remarks>
public sealed class GraphBatch
{
    private GraphBatch(int crystals, int atoms, int edges)
    {
        NodeOffsets = new int[crystals + 1];
        EdgeOffsets = new int[crystals + 1];
        Batch = new int[atoms];
        Species = new int[atoms];
        Positions = new double[3 * atoms];
        Cells = new double[9 * crystals];
        RowPtr = new int[atoms + 1];
        Source = new int[edges];
        Target = new int[edges];
        CellOffsets = new int[3 * edges];
        OffsetCartesian = new double[3 * edges];
        EdgeVectors = new double[3 * edges];
        Distances = new double[edges];
    }

    public int CrystalCount => NodeOffsets.Length - 1;

    public int AtomCount => Batch.Length;

    public int EdgeCount => Source.Length;

    public int[] NodeOffsets { get; }

    public int[] EdgeOffsets { get; }

    /// <summary>[N] crystal index of each atom.</summary>
    public int[] Batch { get; }

    /// <summary>[N] atomic numbers (0 = masked).</summary>
    public int[] Species { get; }

    public double[] Positions { get; }

    public double[] Cells { get; }

    public int[] RowPtr { get; }

    public int[] Source { get; }

    public int[] Target { get; }

    public int[] CellOffsets { get; }

    public double[] OffsetCartesian { get; }

    public double[] EdgeVectors { get; }

    public double[] Distances { get; }

    /// <summary>Builds each crystal's graph (in parallel) and concatenates them.</summary>
    public static GraphBatch Build(IReadOnlyList<Structure> structures, double cutoff = RadiusGraph.DefaultCutoff, int? maxNeighbors = null, bool strict = true) =>
        Create(structures, RadiusGraph.BuildMany(structures, cutoff, maxNeighbors, strict));

    /// <summary>Concatenates crystals with graphs already built for them (graphs[b] belongs to structures[b]).</summary>
    public static GraphBatch Create(IReadOnlyList<Structure> structures, IReadOnlyList<CrystalGraph> graphs)
    {
        if (structures.Count != graphs.Count)
        {
            throw new ArgumentException($"graph batch: {structures.Count} structures but {graphs.Count} graphs");
        }

        long atoms = 0, edges = 0;
        for (var b = 0; b < structures.Count; b++)
        {
            if (graphs[b].AtomCount != structures[b].Count)
            {
                throw new ArgumentException($"graph batch: crystal {b} ({structures[b]}) has {structures[b].Count} atoms but its graph has {graphs[b].AtomCount}");
            }

            atoms += structures[b].Count;
            edges += graphs[b].EdgeCount;
        }

        if (atoms > int.MaxValue || edges > int.MaxValue)
        {
            throw new ArgumentException($"graph batch: {atoms} atoms / {edges} edges exceed Int32 indexing");
        }

        var g = new GraphBatch(structures.Count, (int)atoms, (int)edges);
        for (var b = 0; b < structures.Count; b++)
        {
            var s = structures[b];
            var gr = graphs[b];
            var n0 = g.NodeOffsets[b];
            var e0 = g.EdgeOffsets[b];
            g.NodeOffsets[b + 1] = n0 + s.Count;
            g.EdgeOffsets[b + 1] = e0 + gr.EdgeCount;
            s.Lattice.ToRowMajor().CopyTo(g.Cells, 9 * b);
            for (var a = 0; a < s.Count; a++)
            {
                g.Batch[n0 + a] = b;
                g.Species[n0 + a] = s.Species[a];
                var p = s.Positions[a];
                (g.Positions[3 * (n0 + a)], g.Positions[3 * (n0 + a) + 1], g.Positions[3 * (n0 + a) + 2]) = (p.X, p.Y, p.Z);
                g.RowPtr[n0 + a + 1] = e0 + gr.RowPtr[a + 1];
            }

            var (la, lb, lc) = (s.Lattice.A, s.Lattice.B, s.Lattice.C);
            for (var e = 0; e < gr.EdgeCount; e++)
            {
                var t = e0 + e;
                g.Source[t] = n0 + gr.Source[e];
                g.Target[t] = n0 + gr.Target[e];
                var (n1, n2, n3) = (gr.CellOffsets[3 * e], gr.CellOffsets[3 * e + 1], gr.CellOffsets[3 * e + 2]);
                (g.CellOffsets[3 * t], g.CellOffsets[3 * t + 1], g.CellOffsets[3 * t + 2]) = (n1, n2, n3);
                g.OffsetCartesian[3 * t] = n1 * la.X + n2 * lb.X + n3 * lc.X;
                g.OffsetCartesian[3 * t + 1] = n1 * la.Y + n2 * lb.Y + n3 * lc.Y;
                g.OffsetCartesian[3 * t + 2] = n1 * la.Z + n2 * lb.Z + n3 * lc.Z;
                Array.Copy(gr.EdgeVectors, 3 * e, g.EdgeVectors, 3 * t, 3);
                g.Distances[t] = gr.Distances[e];
            }
        }

        return g;
    }

    /// <summary>Atom count of crystal b.</summary>
    public int AtomsOf(int b) => NodeOffsets[b + 1] - NodeOffsets[b];

    /// <summary>Edge count of crystal b.</summary>
    public int EdgesOf(int b) => EdgeOffsets[b + 1] - EdgeOffsets[b];
}
