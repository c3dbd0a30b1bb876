using CrystalKernels.Crystals.Metrics;

namespace CrystalKernels.Crystals.Matching;

/// <summary>
/// pymatgen's <c>pbc_shortest_vectors</c> convention: both fractional coordinate sets are re-expressed on the
/// LLL-reduced basis and wrapped into [0, 1), and the shortest of the 27 images {−1, 0, 1}³ of the reduced cell is
/// kept. Pairs that are masked, or whose wrapped LLL-fractional difference exceeds <c>lllFracTol</c> along any axis,
/// get the sentinel <see cref="Excluded"/> as squared distance and vector components.
/// (<see cref="MinimumImage"/> is the exact search; the 27 images agree with it except in very skewed cells.)
/// </summary>
public static class PbcShortestVectors
{
    /// <summary>pymatgen's 1e20 for pairs that may not be matched.</summary>
    public const double Excluded = 1e20;

    /// <summary>Vectors from <paramref name="from"/>[i] to <paramref name="to"/>[j] and their squared lengths.</summary>
    public static (Vec3[,] Vectors, double[,] D2) Compute(Lattice lattice, IReadOnlyList<Vec3> from, IReadOnlyList<Vec3> to, bool[,]? mask = null, Vec3? lllFracTol = null)
    {
        var r = MinimumImage.LllReduce(lattice.A, lattice.B, lattice.C);
        var lll = new Lattice(r[0], r[1], r[2]);
        var f1 = from.Select(f => lll.ToFractional(lattice.ToCartesian(f))).ToArray();
        var f2 = to.Select(f => lll.ToFractional(lattice.ToCartesian(f))).ToArray();
        var c1 = f1.Select(f => lll.ToCartesian(Wrap01(f))).ToArray();
        var c2 = f2.Select(f => lll.ToCartesian(Wrap01(f))).ToArray();
        var images = new Vec3[27];
        var n = 0;
        for (var i = -1; i <= 1; i++)
        {
            for (var j = -1; j <= 1; j++)
            {
                for (var k = -1; k <= 1; k++)
                {
                    images[n++] = lll.ToCartesian(new Vec3(i, j, k));
                }
            }
        }

        var vectors = new Vec3[f1.Length, f2.Length];
        var d2 = new double[f1.Length, f2.Length];
        for (var i = 0; i < f1.Length; i++)
        {
            for (var j = 0; j < f2.Length; j++)
            {
                var allowed = mask is null || !mask[i, j];
                if (allowed && lllFracTol is { } tol)
                {
                    var d = f2[j] - f1[i];
                    allowed = Math.Abs(d.X - Math.Round(d.X)) <= tol.X && Math.Abs(d.Y - Math.Round(d.Y)) <= tol.Y && Math.Abs(d.Z - Math.Round(d.Z)) <= tol.Z;
                }

                if (!allowed)
                {
                    d2[i, j] = Excluded;
                    vectors[i, j] = new Vec3(Excluded, Excluded, Excluded);
                    continue;
                }

                var pre = c2[j] - c1[i];
                var best = double.PositiveInfinity;
                var bestV = pre;
                foreach (var im in images)
                {
                    var v = pre + im;
                    var s = v.NormSquared;
                    if (s < best)
                    {
                        (best, bestV) = (s, v);
                    }
                }

                d2[i, j] = best;
                vectors[i, j] = bestV;
            }
        }

        return (vectors, d2);
    }

    private static Vec3 Wrap01(Vec3 d) => new(d.X - Math.Floor(d.X), d.Y - Math.Floor(d.Y), d.Z - Math.Floor(d.Z));
}
