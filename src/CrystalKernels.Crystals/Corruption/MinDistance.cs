using CrystalKernels.Crystals.Graph;

namespace CrystalKernels.Crystals.Corruption;

/// <summary>The distance that scales the position noise (paper-spec 2.5 step 1).</summary>
public static class MinDistance
{
    /// <summary>The distance for <paramref name="mode"/>; a 1-atom cell always uses the periodic one (the code's +∞
    /// would make the noise NaN).</summary>
    public static double Of(Structure s, MinDistMode mode) =>
        mode == MinDistMode.IntraCellNoPbc && s.Count > 1 ? IntraCell(s) : PeriodicNearestNeighbour(s);

    /// <summary>min over i ≠ j of |pos_i − pos_j| on the stored positions, no images (+∞ for N &lt; 2).</summary>
    public static double IntraCell(Structure s)
    {
        var best = double.PositiveInfinity;
        var p = s.Positions;
        for (var i = 0; i < p.Length; i++)
        {
            for (var j = i + 1; j < p.Length; j++)
            {
                best = Math.Min(best, (p[i] - p[j]).Norm);
            }
        }

        return best;
    }

    /// <summary>
    /// The shortest periodic distance |pos_j + n·cell − pos_i| over all (i, j, n) except the self pair at n = 0, with
    /// coincident pairs (≤ 0.01 Å, as in the radius graph) ignored. For N = 1 this is the shortest lattice translation.
    /// </summary>
    public static double PeriodicNearestNeighbour(Structure s)
    {
        if (s.Count == 0)
        {
            throw new ArgumentException($"min distance of {s}: the structure has no atoms");
        }

        // Any lattice vector is a self-image distance, and an intra-cell pair is a periodic pair: both bound the answer,
        // so a search with that radius finds the minimum.
        var bound = Math.Min(s.Lattice.A.Norm, Math.Min(s.Lattice.B.Norm, s.Lattice.C.Norm));
        var intra = IntraCell(s);
        if (intra * intra > NeighborSearch.MinDistanceSquared)
        {
            bound = Math.Min(bound, intra);
        }

        var search = new NeighborSearch(s, bound * (1 + 1e-9));
        var buffer = new List<NeighborCandidate>();
        var best = double.PositiveInfinity;
        for (var i = 0; i < s.Count; i++)
        {
            buffer.Clear();
            search.Collect(i, buffer);
            foreach (var c in buffer)
            {
                best = Math.Min(best, c.D2);
            }
        }

        return Math.Sqrt(best);
    }
}
