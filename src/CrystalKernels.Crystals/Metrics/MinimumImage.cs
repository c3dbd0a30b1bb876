namespace CrystalKernels.Crystals.Metrics;

/// <summary>
/// Exact shortest periodic image of a displacement. The cell is LLL-reduced once (as pymatgen's
/// pbc_shortest_vectors does), the fractional difference is wrapped to [-0.5, 0.5), and then every image that can be
/// shorter than the wrapped vector is searched: |f_k + n_k| ≤ |v| / d_k with d_k the plane spacing. pymatgen stops at
/// the 27 images {-1,0,1}³ of the reduced cell, which can only overestimate a distance in very skewed cells.
/// </summary>
public sealed class MinimumImage
{
    public MinimumImage(Lattice lattice)
    {
        Original = lattice;
        var r = LllReduce(lattice.A, lattice.B, lattice.C);
        Reduced = new Lattice(r[0], r[1], r[2]);
        Spacing = [Reduced.PlaneSpacing(0), Reduced.PlaneSpacing(1), Reduced.PlaneSpacing(2)];
    }

    public Lattice Original { get; }

    /// <summary>The LLL-reduced basis of the same lattice.</summary>
    public Lattice Reduced { get; }

    private double[] Spacing { get; }

    /// <summary>The shortest vector among delta + n·L over all integer n (Cartesian, Å).</summary>
    public Vec3 Shortest(Vec3 cartesianDelta)
    {
        var f = Reduced.ToFractional(cartesianDelta);
        f = new Vec3(f.X - Math.Round(f.X), f.Y - Math.Round(f.Y), f.Z - Math.Round(f.Z));
        var best = Reduced.ToCartesian(f);
        var r = best.Norm;
        var lo = new int[3];
        var hi = new int[3];
        for (var k = 0; k < 3; k++)
        {
            var reach = r / Spacing[k];
            lo[k] = (int)Math.Ceiling(-f[k] - reach);
            hi[k] = (int)Math.Floor(-f[k] + reach);
        }

        var bestSq = best.NormSquared;
        for (var i = lo[0]; i <= hi[0]; i++)
        {
            for (var j = lo[1]; j <= hi[1]; j++)
            {
                for (var k = lo[2]; k <= hi[2]; k++)
                {
                    var v = Reduced.ToCartesian(new Vec3(f.X + i, f.Y + j, f.Z + k));
                    var sq = v.NormSquared;
                    if (sq < bestSq)
                    {
                        (best, bestSq) = (v, sq);
                    }
                }
            }
        }

        return best;
    }

    public double Distance(Vec3 cartesianA, Vec3 cartesianB) => Shortest(cartesianB - cartesianA).Norm;

    /// <summary>Lenstra-Lenstra-Lovász reduction (δ = 0.75) of three lattice vectors; same lattice, shorter basis.</summary>
    internal static Vec3[] LllReduce(Vec3 a, Vec3 b, Vec3 c)
    {
        var basis = new[] { a, b, c };
        var k = 1;
        // Each swap shrinks a positive integer-lattice potential, so the loop ends; the cap only guards NaN input.
        for (var guard = 0; k < 3 && guard < 100_000; guard++)
        {
            for (var j = k - 1; j >= 0; j--)
            {
                var (_, mu) = GramSchmidt(basis);
                var q = Math.Round(mu[k, j]);
                if (q != 0)
                {
                    basis[k] -= q * basis[j];
                }
            }

            var (star, m) = GramSchmidt(basis);
            if (star[k].NormSquared >= (0.75 - m[k, k - 1] * m[k, k - 1]) * star[k - 1].NormSquared)
            {
                k++;
            }
            else
            {
                (basis[k], basis[k - 1]) = (basis[k - 1], basis[k]);
                k = Math.Max(k - 1, 1);
            }
        }

        return basis;
    }

    private static (Vec3[] Star, double[,] Mu) GramSchmidt(Vec3[] b)
    {
        var star = new Vec3[3];
        var mu = new double[3, 3];
        for (var i = 0; i < 3; i++)
        {
            star[i] = b[i];
            for (var j = 0; j < i; j++)
            {
                mu[i, j] = b[i].Dot(star[j]) / star[j].NormSquared;
                star[i] -= mu[i, j] * star[j];
            }
        }

        return (star, mu);
    }
}
