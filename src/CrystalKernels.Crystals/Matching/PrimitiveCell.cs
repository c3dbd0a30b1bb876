namespace CrystalKernels.Crystals.Matching;

/// <summary>
/// The smallest cell of a crystal, as pymatgen's <c>Structure.get_primitive_structure(tolerance)</c> finds it:
/// candidate pure translations are the differences within the smallest species group that map every site onto a site
/// of its own species (within 2·tol); each Hermite-normal-form supercell matrix M whose inverse rows (the new lattice
/// vectors in old fractional coordinates) are among those translations is tried, smallest index first, and accepted
/// when every species' sites fall into cliques of exactly det(M) mutually close images (within tol Å along each new
/// axis, never merging two sites closer than 2·tol in the old cell). Merged sites are averaged; the search recurses on
/// the smaller cell and the result is Niggli-reduced. A crystal with no such translation is returned unchanged.
/// </summary>
public static class PrimitiveCell
{
    /// <summary>pymatgen's default: sites within 0.25 Å (per new lattice direction) count as the same site.</summary>
    public const double DefaultTolerance = 0.25;

    public static Structure Find(Structure s, double tolerance = DefaultTolerance)
    {
        if (s.Count == 0)
        {
            throw new ArgumentException($"primitive cell of {s.Id ?? "structure"}: no sites");
        }

        var groups = s.Species.Select((z, i) => (z, i)).GroupBy(p => p.z).OrderBy(g => g.Key)
            .Select(g => (Z: g.Key, Frac: g.Select(p => s.Lattice.ToFractional(s.Positions[p.i])).ToArray()))
            .ToArray();
        var numFu = groups.Select(g => g.Frac.Length).Aggregate(Gcd);
        if (numFu == 1)
        {
            return s;
        }

        var p = s.Lattice.Parameters;
        var superFtol = new Vec3(tolerance / p.A, tolerance / p.B, tolerance / p.C);
        var minVecs = CandidateTranslations(groups.Select(g => g.Frac).ToArray(), 2 * superFtol);
        var nonNeighbours = groups.Select(g => NonNeighbours(g.Frac, 2 * superFtol)).ToArray();

        foreach (var (size, m) in HermiteNormalForms(numFu))
        {
            var inv = Inverse(m);
            if (!Enumerable.Range(0, 3).All(r => minVecs.Any(v => Close(inv[r] - v, superFtol))))
            {
                continue;
            }

            var newRows = new Vec3[3];
            for (var r = 0; r < 3; r++)
            {
                newRows[r] = inv[r].X * s.Lattice.A + inv[r].Y * s.Lattice.B + inv[r].Z * s.Lattice.C;
            }

            var ftol = new Vec3(tolerance / newRows[0].Norm, tolerance / newRows[1].Norm, tolerance / newRows[2].Norm);
            if (TryMerge(groups, nonNeighbours, m, size, ftol, out var species, out var frac))
            {
                var smaller = Structure.FromFractional(new Lattice(newRows[0], newRows[1], newRows[2]), species, frac, s.Id);
                return NiggliReduction.Reduce(Find(smaller, tolerance));
            }
        }

        return s;
    }

    /// <summary>Differences within the smallest group that take each site of every group near a site of that group.</summary>
    private static List<Vec3> CandidateTranslations(Vec3[][] groups, Vec3 tol)
    {
        var smallest = groups.MinBy(g => g.Length)!;
        var vecs = smallest.Select(f => f - smallest[0]).ToList();
        foreach (var g in groups.OrderBy(g => g.Length))
        {
            foreach (var f in g)
            {
                vecs = vecs.Where(v => g.Any(h => Close(v - (h - f), tol))).ToList();
            }
        }

        return vecs;
    }

    /// <summary>[i, j]: sites i and j of one species are far enough apart in the old cell to be merged; true on the diagonal.</summary>
    private static bool[,] NonNeighbours(Vec3[] f, Vec3 tol)
    {
        var n = f.Length;
        var r = new bool[n, n];
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j < n; j++)
            {
                r[i, j] = i == j || !Close(f[j] - f[i], tol);
            }
        }

        return r;
    }

    private static bool TryMerge((int Z, Vec3[] Frac)[] groups, bool[][,] nonNeighbours, int[,] m, int size, Vec3 ftol, out int[] species, out Vec3[] frac)
    {
        var sp = new List<int>();
        var coords = new List<Vec3>();
        species = [];
        frac = [];
        for (var gi = 0; gi < groups.Length; gi++)
        {
            var f = groups[gi].Frac.Select(x => Times(x, m)).ToArray();
            var n = f.Length;
            var same = new bool[n, n];
            for (var i = 0; i < n; i++)
            {
                for (var j = 0; j < n; j++)
                {
                    same[i, j] = Close(f[j] - f[i], ftol) && nonNeighbours[gi][i, j];
                }
            }

            // Each site must have exactly `size` images in the big cell, and the images must form cliques.
            for (var j = 0; j < n; j++)
            {
                var count = 0;
                for (var i = 0; i < n; i++)
                {
                    count += same[i, j] ? 1 : 0;
                }

                if (count != size)
                {
                    return false;
                }
            }

            for (var i = 0; i < n; i++)
            {
                for (var a = 0; a < n; a++)
                {
                    for (var b = 0; b < n; b++)
                    {
                        if (same[i, a] && same[i, b] && !same[a, b])
                        {
                            return false;
                        }
                    }
                }
            }

            var added = new bool[n];
            for (var i = 0; i < n; i++)
            {
                if (added[i])
                {
                    continue;
                }

                var members = Enumerable.Range(0, n).Where(j => same[i, j]).ToArray();
                var c = Wrap01(f[members[0]]);
                for (var k = 1; k < members.Length; k++)
                {
                    var offset = Wrap01(f[members[k]]) - c;
                    c += (1.0 / (k + 1)) * RoundOff(offset);
                }

                foreach (var j in members)
                {
                    added[j] = true;
                }

                sp.Add(groups[gi].Z);
                coords.Add(c);
            }
        }

        species = sp.ToArray();
        frac = coords.ToArray();
        return true;
    }

    /// <summary>
    /// Upper-triangular supercell matrices [[a,b,c],[0,e,f],[0,0,g]] of determinant 2..fu (divisors of fu, ascending),
    /// b, c &lt; a and f &lt; e: one per sublattice of index det, as pymatgen enumerates them.
    /// </summary>
    internal static IEnumerable<(int Size, int[,] M)> HermiteNormalForms(int fu)
    {
        foreach (var det in Divisors(fu).Where(d => d > 1))
        {
            foreach (var a in Divisors(det))
            {
                foreach (var e in Divisors(det / a))
                {
                    var g = det / a / e;
                    for (var b = 0; b < a; b++)
                    {
                        for (var c = 0; c < a; c++)
                        {
                            for (var f = 0; f < e; f++)
                            {
                                yield return (det, new[,] { { a, b, c }, { 0, e, f }, { 0, 0, g } });
                            }
                        }
                    }
                }
            }
        }
    }

    private static IEnumerable<int> Divisors(int n) => Enumerable.Range(1, n).Where(d => n % d == 0);

    /// <summary>Rows of M⁻¹ for an upper-triangular integer M.</summary>
    private static Vec3[] Inverse(int[,] m)
    {
        double a = m[0, 0], b = m[0, 1], c = m[0, 2], e = m[1, 1], f = m[1, 2], g = m[2, 2];
        return
        [
            new Vec3(1 / a, -b / (a * e), (b * f - c * e) / (a * e * g)),
            new Vec3(0, 1 / e, -f / (e * g)),
            new Vec3(0, 0, 1 / g),
        ];
    }

    /// <summary>Row vector times matrix: old fractional coordinates to those of the smaller cell.</summary>
    private static Vec3 Times(Vec3 x, int[,] m) => new(
        x.X * m[0, 0] + x.Y * m[1, 0] + x.Z * m[2, 0],
        x.X * m[0, 1] + x.Y * m[1, 1] + x.Z * m[2, 1],
        x.X * m[0, 2] + x.Y * m[1, 2] + x.Z * m[2, 2]);

    private static bool Close(Vec3 d, Vec3 tol) =>
        Math.Abs(d.X - Math.Round(d.X)) < tol.X && Math.Abs(d.Y - Math.Round(d.Y)) < tol.Y && Math.Abs(d.Z - Math.Round(d.Z)) < tol.Z;

    private static Vec3 RoundOff(Vec3 d) => new(d.X - Math.Round(d.X), d.Y - Math.Round(d.Y), d.Z - Math.Round(d.Z));

    private static Vec3 Wrap01(Vec3 d) => new(d.X - Math.Floor(d.X), d.Y - Math.Floor(d.Y), d.Z - Math.Floor(d.Z));

    private static int Gcd(int a, int b) => b == 0 ? a : Gcd(b, a % b);
}
