namespace CrystalKernels.Crystals.Matching;

/// <summary>A basis of a lattice (rows = lattice vectors) and its integer coordinates in the original basis.</summary>
public sealed record LatticeMapping(Lattice Lattice, int[,] Scale)
{
    public int Determinant => Det(Scale);

    internal static int Det(int[,] m) =>
        m[0, 0] * (m[1, 1] * m[2, 2] - m[1, 2] * m[2, 1])
        - m[0, 1] * (m[1, 0] * m[2, 2] - m[1, 2] * m[2, 0])
        + m[0, 2] * (m[1, 0] * m[2, 1] - m[1, 1] * m[2, 0]);
}

/// <summary>
/// pymatgen's <c>Lattice.find_all_mappings</c>: every triple of lattice vectors of one lattice whose lengths lie
/// within a factor (1 + ltol) of a target's lengths (ratio in (1/(1+ltol), 1+ltol)) and whose angles lie within
/// angleTol degrees of the target's α, β, γ. Triples that are not a basis (|det| = 0) are skipped; the caller picks
/// the index it wants (|det| = 1: the same lattice).
/// </summary>
public static class LatticeMappings
{
    public static IEnumerable<LatticeMapping> FindAll(Lattice lattice, Lattice target, double ltol, double angleTolDeg)
    {
        var t = target.Parameters;
        var lengths = new[] { t.A, t.B, t.C };
        var radius = lengths.Max() * (1 + ltol);

        // Every lattice point within the sphere: |frac_k| ≤ r / (plane spacing k).
        var points = new List<Point>();
        var nMax = new int[3];
        for (var k = 0; k < 3; k++)
        {
            nMax[k] = (int)Math.Floor(radius / lattice.PlaneSpacing(k));
        }

        for (var i = -nMax[0]; i <= nMax[0]; i++)
        {
            for (var j = -nMax[1]; j <= nMax[1]; j++)
            {
                for (var k = -nMax[2]; k <= nMax[2]; k++)
                {
                    var cart = lattice.ToCartesian(new Vec3(i, j, k));
                    var len = cart.Norm;
                    if (len <= radius)
                    {
                        points.Add(new Point(cart, i, j, k, len));
                    }
                }
            }
        }

        var cand = lengths.Select(l => points.Where(p => p.Len / l < 1 + ltol && p.Len / l > 1 / (1 + ltol)).ToArray()).ToArray();
        var (ca, cb, cc) = (cand[0], cand[1], cand[2]);
        var alphaOk = AngleMatrix(cb, cc, t.Alpha, angleTolDeg);
        var betaOk = AngleMatrix(ca, cc, t.Beta, angleTolDeg);
        var gammaOk = AngleMatrix(ca, cb, t.Gamma, angleTolDeg);
        for (var i = 0; i < ca.Length; i++)
        {
            for (var j = 0; j < cb.Length; j++)
            {
                if (!gammaOk[i, j])
                {
                    continue;
                }

                for (var k = 0; k < cc.Length; k++)
                {
                    if (!alphaOk[j, k] || !betaOk[i, k])
                    {
                        continue;
                    }

                    var scale = new[,] { { ca[i].I, ca[i].J, ca[i].K }, { cb[j].I, cb[j].J, cb[j].K }, { cc[k].I, cc[k].J, cc[k].K } };
                    if (LatticeMapping.Det(scale) == 0)
                    {
                        continue;
                    }

                    yield return new LatticeMapping(new Lattice(ca[i].Cart, cb[j].Cart, cc[k].Cart), scale);
                }
            }
        }
    }

    private static bool[,] AngleMatrix(Point[] u, Point[] v, double target, double tol)
    {
        var ok = new bool[u.Length, v.Length];
        for (var i = 0; i < u.Length; i++)
        {
            for (var j = 0; j < v.Length; j++)
            {
                var cos = Math.Clamp(u[i].Cart.Dot(v[j].Cart) / (u[i].Len * v[j].Len), -1, 1);
                ok[i, j] = Math.Abs(Math.Acos(cos) * 180.0 / Math.PI - target) < tol;
            }
        }

        return ok;
    }

    private readonly record struct Point(Vec3 Cart, int I, int J, int K, double Len);
}
