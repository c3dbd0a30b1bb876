using CrystalKernels.Crystals.Metrics;

namespace CrystalKernels.Crystals.Matching;

/// <summary>
/// Niggli reduction by the Křivý–Gruber algorithm (Acta Cryst. A32, 297, 1976) with the epsilon handling of
/// pymatgen's <c>Lattice.get_niggli_reduced_lattice</c>: start from the LLL-reduced basis, compare metric entries
/// with e = tol·V^(1/3), steps A1–A8 in pymatgen's order. Unlike pymatgen, which reduces the metric tensor alone and
/// then searches for lattice vectors with the reduced parameters, the basis vectors are transformed along with the
/// metric, so the result is the same lattice in its original orientation, right-handed.
/// </summary>
public static class NiggliReduction
{
    /// <summary>pymatgen's default relative tolerance.</summary>
    public const double DefaultTolerance = 1e-5;

    // pymatgen stops after 100 passes; every step strictly improves the cell, so a well-formed cell finishes in a
    // handful. Past the cap the basis is still a basis of the same lattice, only not canonical.
    private const int MaxIterations = 1000;

    public static Lattice Reduce(Lattice lattice, double tol = DefaultTolerance)
    {
        var v = MinimumImage.LllReduce(lattice.A, lattice.B, lattice.C);
        var e = tol * Math.Cbrt(lattice.Volume);
        for (var iter = 0; iter < MaxIterations; iter++)
        {
            var (a, b, c, xi, eta, zeta) = Metric(v);

            // A1: order a ≤ b.
            if (b + e < a || (Math.Abs(a - b) < e && Math.Abs(xi) > Math.Abs(eta) + e))
            {
                v = Apply(v, [[0, -1, 0], [-1, 0, 0], [0, 0, -1]]);
                (a, b, c, xi, eta, zeta) = Metric(v);
            }

            // A2: order b ≤ c, then start over.
            if (c + e < b || (Math.Abs(b - c) < e && Math.Abs(eta) > Math.Abs(zeta) + e))
            {
                v = Apply(v, [[-1, 0, 0], [0, 0, -1], [0, -1, 0]]);
                continue;
            }

            // A3/A4: make the three off-diagonal terms all positive or all non-positive.
            var l = Sign(xi, e);
            var m = Sign(eta, e);
            var n = Sign(zeta, e);
            if (l * m * n == 1)
            {
                v = Apply(v, Diag(l == -1 ? -1 : 1, m == -1 ? -1 : 1, n == -1 ? -1 : 1));
            }
            else if (l * m * n is 0 or -1)
            {
                var i = l == 1 ? -1 : 1;
                var j = m == 1 ? -1 : 1;
                var k = n == 1 ? -1 : 1;
                if (i * j * k == -1)
                {
                    if (n == 0)
                    {
                        k = -1;
                    }
                    else if (m == 0)
                    {
                        j = -1;
                    }
                    else if (l == 0)
                    {
                        i = -1;
                    }
                }

                v = Apply(v, Diag(i, j, k));
            }

            (a, b, c, xi, eta, zeta) = Metric(v);

            // A5
            if (Math.Abs(xi) > b + e || (Math.Abs(xi - b) < e && zeta - e > 2 * eta) || (Math.Abs(xi + b) < e && -e > zeta))
            {
                v = Apply(v, [[1, 0, 0], [0, 1, -Math.Sign(xi)], [0, 0, 1]]);
                continue;
            }

            // A6
            if (Math.Abs(eta) > a + e || (Math.Abs(a - eta) < e && zeta - e > 2 * xi) || (Math.Abs(a + eta) < e && -e > zeta))
            {
                v = Apply(v, [[1, 0, -Math.Sign(eta)], [0, 1, 0], [0, 0, 1]]);
                continue;
            }

            // A7
            if (Math.Abs(zeta) > a + e || (Math.Abs(a - zeta) < e && eta - e > 2 * xi) || (Math.Abs(a + zeta) < e && -e > eta))
            {
                v = Apply(v, [[1, -Math.Sign(zeta), 0], [0, 1, 0], [0, 0, 1]]);
                continue;
            }

            // A8
            var sum = xi + eta + zeta + a + b;
            if (-e > sum || (Math.Abs(sum) < e && e < zeta + 2 * (a + eta)))
            {
                v = Apply(v, [[1, 0, 1], [0, 1, 1], [0, 0, 1]]);
                continue;
            }

            break;
        }

        if (v[0].Dot(v[1].Cross(v[2])) < 0)
        {
            v = [-v[0], -v[1], -v[2]];
        }

        return new Lattice(v[0], v[1], v[2]);
    }

    /// <summary>The same crystal on its Niggli cell, fractional coordinates wrapped into [0, 1).</summary>
    public static Structure Reduce(Structure s, double tol = DefaultTolerance)
    {
        var reduced = Reduce(s.Lattice, tol);
        return s.With(positions: WrapInto(reduced, s.Positions), lattice: reduced);
    }

    internal static Vec3[] WrapInto(Lattice lattice, IReadOnlyList<Vec3> cartesian)
    {
        var result = new Vec3[cartesian.Count];
        for (var i = 0; i < result.Length; i++)
        {
            var f = lattice.ToFractional(cartesian[i]);
            result[i] = lattice.ToCartesian(new Vec3(f.X - Math.Floor(f.X), f.Y - Math.Floor(f.Y), f.Z - Math.Floor(f.Z)));
        }

        return result;
    }

    /// <summary>Křivý–Gruber metric: A = a², B = b², C = c², ξ = 2 b·c, η = 2 a·c, ζ = 2 a·b.</summary>
    internal static (double A, double B, double C, double Xi, double Eta, double Zeta) Metric(Vec3[] v) =>
        (v[0].NormSquared, v[1].NormSquared, v[2].NormSquared, 2 * v[1].Dot(v[2]), 2 * v[0].Dot(v[2]), 2 * v[0].Dot(v[1]));

    private static int Sign(double x, double e) => Math.Abs(x) < e ? 0 : Math.Sign(x);

    private static double[][] Diag(int i, int j, int k) => [[i, 0, 0], [0, j, 0], [0, 0, k]];

    /// <summary>G' = Mᵀ G M on the metric is the basis change v'_i = Σ_k M[k][i] v_k on the vectors.</summary>
    private static Vec3[] Apply(Vec3[] v, double[][] m)
    {
        var r = new Vec3[3];
        for (var i = 0; i < 3; i++)
        {
            r[i] = m[0][i] * v[0] + m[1][i] * v[1] + m[2][i] * v[2];
        }

        return r;
    }
}
