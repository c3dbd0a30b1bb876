namespace CrystalKernels.Crystals.Graph;

/// <summary>
/// OCP get_max_neighbors_mask for one centre atom with more than K candidate edges (paper-spec 2.2 step 3).
/// Strict (the model's enforce_max_neighbors_strictly=True): keep the K nearest. Non-strict: keep every edge with
/// d² ≤ d²_(K+1) + 0.01 Å², so whole degenerate shells survive and the count can exceed K.
/// </summary>
/// <remarks>
/// The reference sorts with an unstable torch.sort, so which members of an exactly degenerate shell at the K-th
/// place survive is undefined there. Here ties are broken by the reference edge order (j, n1, n2, n3), which makes
/// the choice deterministic; the fixture only requires d² &lt; d²_K kept, d² &gt; d²_K dropped, exactly K kept.
/// </remarks>
internal static class MaxNeighbors
{
    /// <summary>OCP's degeneracy tolerance on squared distances (Å²) for the non-strict rule.</summary>
    public const double DegeneracyTolerance = 0.01;

    /// <summary>Keeps the selected candidates of one centre in place (order preserved); returns how many remain.</summary>
    public static int Select(Span<NeighborCandidate> edges, int k, bool strict, Span<int> scratch)
    {
        if (edges.Length <= k)
        {
            return edges.Length;
        }

        var order = scratch[..edges.Length];
        for (var t = 0; t < order.Length; t++)
        {
            order[t] = t;
        }

        var copy = edges.ToArray();
        order.Sort((x, y) =>
        {
            var c = copy[x].D2.CompareTo(copy[y].D2);
            return c != 0 ? c : x.CompareTo(y);
        });

        var keep = new bool[edges.Length];
        if (strict)
        {
            for (var t = 0; t < k; t++)
            {
                keep[order[t]] = true;
            }
        }
        else
        {
            var threshold = copy[order[k]].D2 + DegeneracyTolerance;
            for (var t = 0; t < edges.Length; t++)
            {
                keep[t] = copy[t].D2 <= threshold;
            }
        }

        var w = 0;
        for (var t = 0; t < edges.Length; t++)
        {
            if (keep[t])
            {
                edges[w++] = copy[t];
            }
        }

        return w;
    }
}
