using CrystalKernels.Crystals;

namespace CrystalKernels.Tests.Graph;

/// <summary>
/// Test oracle: all (centre i, source j, image n) with 1e-4 &lt; |pos_j + n·cell − pos_i|² ≤ r², by direct enumeration
/// of every pair and every image n in a per-pair range wide enough for any input wrapping. No binning.
/// </summary>
internal static class BruteForceGraph
{
    public static List<(int I, int J, int N1, int N2, int N3, double D2)> Edges(Structure s, double cutoff)
    {
        var lat = s.Lattice;
        var half = new[] { cutoff * lat.RecipA.Norm, cutoff * lat.RecipB.Norm, cutoff * lat.RecipC.Norm };
        var frac = s.FractionalPositions();
        var list = new List<(int, int, int, int, int, double)>();
        for (var i = 0; i < s.Count; i++)
        {
            for (var j = 0; j < s.Count; j++)
            {
                // Need |f_j + n − f_i| ≤ half per direction; widen by 1 so rounding can never cut a candidate.
                var lo = new int[3];
                var hi = new int[3];
                for (var d = 0; d < 3; d++)
                {
                    var df = frac[j][d] - frac[i][d];
                    lo[d] = (int)Math.Floor(-df - half[d]) - 1;
                    hi[d] = (int)Math.Ceiling(-df + half[d]) + 1;
                }

                for (var n1 = lo[0]; n1 <= hi[0]; n1++)
                {
                    for (var n2 = lo[1]; n2 <= hi[1]; n2++)
                    {
                        for (var n3 = lo[2]; n3 <= hi[2]; n3++)
                        {
                            var v = s.Positions[j] - s.Positions[i] + (n1 * lat.A + n2 * lat.B + n3 * lat.C);
                            var d2 = v.NormSquared;
                            if (d2 <= cutoff * cutoff && d2 > 1e-4)
                            {
                                list.Add((i, j, n1, n2, n3, d2));
                            }
                        }
                    }
                }
            }
        }

        return list;
    }
}
