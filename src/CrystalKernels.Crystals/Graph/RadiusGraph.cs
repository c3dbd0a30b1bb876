namespace CrystalKernels.Crystals.Graph;

/// <summary>
/// The periodic radius graph of OCP radius_graph_pbc + get_pbc_distances as the authors' model builds it on the fly
/// (paper-spec 2.2): every pair (centre i, neighbour j, image n) with 1e-4 Å² &lt; |pos_j + n·cell − pos_i|² ≤ r²,
/// periodic self-images included, the self pair at n = 0 excluded, optionally capped at K neighbours per centre.
/// </summary>
public static class RadiusGraph
{
    /// <summary>The authors' model: max_radius 5 Å.</summary>
    public const double DefaultCutoff = 5.0;

    /// <summary>The authors' model: max_neighbors 500 (never reached on MP-20 at 5 Å).</summary>
    public const int ModelMaxNeighbors = 500;

    /// <summary>
    /// Builds the graph of one crystal. Edges are grouped by target (CSR) and, within a target, ordered by (source j,
    /// n1, n2, n3): the reference's order. <paramref name="maxNeighbors"/> null means unlimited.
    /// </summary>
    public static CrystalGraph Build(Structure structure, double cutoff = DefaultCutoff, int? maxNeighbors = null, bool strict = true)
    {
        if (maxNeighbors is < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(maxNeighbors), $"radius graph of {structure}: max neighbours {maxNeighbors} must be at least 1");
        }

        var n = structure.Count;
        var search = new NeighborSearch(structure, cutoff);
        var rowPtr = new int[n + 1];
        var buffer = new List<NeighborCandidate>();
        var kept = new List<NeighborCandidate>();
        var scratch = Array.Empty<int>();
        for (var i = 0; i < n; i++)
        {
            buffer.Clear();
            search.Collect(i, buffer);
            var span = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(buffer);
            span.Sort(NeighborCandidate.CompareReferenceOrder);
            var count = span.Length;
            if (maxNeighbors is { } k && count > k)
            {
                if (scratch.Length < count)
                {
                    scratch = new int[count];
                }

                count = MaxNeighbors.Select(span, k, strict, scratch);
            }

            for (var t = 0; t < count; t++)
            {
                kept.Add(span[t]);
            }

            rowPtr[i + 1] = kept.Count;
        }

        var e = kept.Count;
        var src = new int[e];
        var tgt = new int[e];
        var off = new int[3 * e];
        var vec = new double[3 * e];
        var dist = new double[e];
        for (var i = 0; i < n; i++)
        {
            for (var t = rowPtr[i]; t < rowPtr[i + 1]; t++)
            {
                var c = kept[t];
                src[t] = c.J;
                tgt[t] = i;
                (off[3 * t], off[3 * t + 1], off[3 * t + 2]) = (c.N1, c.N2, c.N3);
                (vec[3 * t], vec[3 * t + 1], vec[3 * t + 2]) = (c.Vx, c.Vy, c.Vz);
                dist[t] = Math.Sqrt(c.D2);
            }
        }

        return new CrystalGraph(n, cutoff, rowPtr, src, tgt, off, vec, dist);
    }

    /// <summary>
    /// Builds the graphs of many crystals in parallel (one task per crystal; graph k depends only on structure k, so
    /// the output is identical for any thread count).
    /// </summary>
    public static CrystalGraph[] BuildMany(IReadOnlyList<Structure> structures, double cutoff = DefaultCutoff, int? maxNeighbors = null, bool strict = true, int maxDegreeOfParallelism = -1)
    {
        var graphs = new CrystalGraph[structures.Count];
        Parallel.For(0, structures.Count, new ParallelOptions { MaxDegreeOfParallelism = maxDegreeOfParallelism }, k =>
            graphs[k] = Build(structures[k], cutoff, maxNeighbors, strict));
        return graphs;
    }

    /// <summary>rep_i = ceil(r · |(a_j × a_k)/V|): the image range per lattice direction the reference enumerates.</summary>
    public static (int R1, int R2, int R3) ImageRanges(Lattice lattice, double cutoff = DefaultCutoff) =>
        ((int)Math.Ceiling(cutoff * lattice.RecipA.Norm), (int)Math.Ceiling(cutoff * lattice.RecipB.Norm), (int)Math.Ceiling(cutoff * lattice.RecipC.Norm));
}
