using CrystalKernels.Crystals.Metrics;

namespace CrystalKernels.Crystals.Matching;

/// <summary>
/// pymatgen's <c>StructureMatcher</c> for ordered crystals (ecosystem.md 3.10), species compared by atomic number:
/// <list type="number">
/// <item>Niggli-reduce both cells, then (optionally) reduce to the primitive cell;</item>
/// <item>(optionally) scale both to the same volume, √(V₁V₂);</item>
/// <item>no match unless the site counts and species counts agree;</item>
/// <item>for every basis of crystal 1 whose lengths and angles are within ltol / angle_tol of crystal 2's cell:
///   express crystal 1 in it, and for each site of crystal 1 of the rarest species, translate crystal 2 so that its
///   first site of that species sits there; if every site of 2 then has a same-species site of 1 within the
///   fractional tolerance 2·stol·(V/N)^(1/3)/d_k, put both on the average lattice (mean lengths and angles), pair the
///   sites by a linear assignment on squared periodic distances, remove the mean displacement, and divide by
///   (V/N)^(1/3);</item>
/// <item>keep the pairing with the lowest RMS; a match needs RMS &lt; stol.</item>
/// </list>
/// As in pymatgen, mirror-image bases (det −1) are allowed, so enantiomorphs match.
/// </summary>
public sealed class StructureMatcher(StructureMatcherSettings settings)
{
    // pymatgen stops early on any pairing this good.
    private const double PerfectMatch = 1e-5;

    public StructureMatcherSettings Settings { get; } = settings;

    /// <summary>pymatgen <c>get_rms_dist</c>: (RMS, max) of the lowest-RMS pairing, or null when the crystals do not match.</summary>
    public MatchResult? GetRmsDist(Structure s1, Structure s2)
    {
        var (p1, p2) = Preprocess(s1, s2);
        return StrictMatch(p1, p2, useRms: true, breakOnMatch: false) is { } m ? new MatchResult(m.Rms, m.Max) : null;
    }

    /// <summary>
    /// pymatgen <c>fit</c>: same reduced composition, and some pairing whose largest normalised displacement is
    /// below stol (the first one found is accepted).
    /// </summary>
    public bool Fit(Structure s1, Structure s2)
    {
        if (ReducedComposition.FromSpecies(s1.Species).ToString() != ReducedComposition.FromSpecies(s2.Species).ToString())
        {
            return false;
        }

        var (p1, p2) = Preprocess(s1, s2);
        return StrictMatch(p1, p2, useRms: false, breakOnMatch: true) is not null;
    }

    /// <summary>Niggli cell, then primitive cell when the settings ask for it.</summary>
    public Structure Reduce(Structure s)
    {
        if (s.Count == 0)
        {
            throw new ArgumentException($"structure matcher: {s.Id ?? "structure"} has no sites");
        }

        var niggli = NiggliReduction.Reduce(s);
        return Settings.PrimitiveCell ? PrimitiveCell.Find(niggli, Settings.PrimitiveTolerance) : niggli;
    }

    private (Structure, Structure) Preprocess(Structure s1, Structure s2)
    {
        var p1 = Reduce(s1);
        var p2 = Reduce(s2);
        if (Settings.Scale)
        {
            var ratio = Math.Pow(p2.Lattice.Volume / p1.Lattice.Volume, 1.0 / 6.0);
            p1 = Scaled(p1, ratio);
            p2 = Scaled(p2, 1 / ratio);
        }

        return (p1, p2);
    }

    private static Structure Scaled(Structure s, double f) =>
        s.With(lattice: new Lattice(f * s.Lattice.A, f * s.Lattice.B, f * s.Lattice.C), positions: s.Positions.Select(p => f * p).ToArray());

    /// <summary>pymatgen <c>_strict_match</c> without supercells or subsets: crystal 2 onto crystal 1.</summary>
    private (double Val, double Rms, double Max)? StrictMatch(Structure s1, Structure s2, bool useRms, bool breakOnMatch)
    {
        var n = s1.Count;
        if (s2.Count != n || !s1.Species.Order().SequenceEqual(s2.Species.Order()))
        {
            return null;
        }

        // mask[i, j]: site i of crystal 2 may not pair with site j of crystal 1.
        var mask = new bool[n, n];
        var anchor = 0;
        var anchorMasked = -1;
        for (var i = 0; i < n; i++)
        {
            var masked = 0;
            for (var j = 0; j < n; j++)
            {
                mask[i, j] = s2.Species[i] != s1.Species[j];
                masked += mask[i, j] ? 1 : 0;
            }

            if (masked > anchorMasked)
            {
                (anchor, anchorMasked) = (i, masked);
            }
        }

        var targets = Enumerable.Range(0, n).Where(j => !mask[anchor, j]).ToArray();
        var s2fc = s2.FractionalPositions();
        (double Val, double Rms, double Max)? best = null;
        foreach (var mapping in LatticeMappings.FindAll(s1.Lattice, s2.Lattice, Settings.Ltol, Settings.AngleTol))
        {
            if (Math.Abs(mapping.Determinant) != 1)
            {
                continue;
            }

            var latt = mapping.Lattice;
            var s1fc = s1.Positions.Select(p => Wrap01(latt.ToFractional(p))).ToArray();
            if (AverageLattice(latt, s2.Lattice) is not { } avg)
            {
                continue;
            }

            var normalization = Math.Cbrt(n / avg.Volume);
            var fracTol = SiteFracTol(avg, normalization);
            Vec3? lllTol = null;
            foreach (var j in targets)
            {
                var t = s1fc[j] - s2fc[anchor];
                var moved = s2fc.Select(f => f + t).ToArray();
                if (!IsCoordSubsetPbc(moved, s1fc, fracTol, mask))
                {
                    continue;
                }

                lllTol ??= SiteFracTol(LllLattice(avg), normalization);
                var dist = CartesianDistances(s1fc, moved, avg, mask, normalization, lllTol.Value);
                var rms = Math.Sqrt(dist.Sum(d => d * d) / dist.Length);
                var max = dist.Max();
                var val = useRms ? rms : max;
                if (best is null || val < best.Value.Val)
                {
                    best = (val, rms, max);
                    if ((breakOnMatch || val < PerfectMatch) && val < Settings.Stol)
                    {
                        return best;
                    }
                }
            }
        }

        return best is { } b && b.Val < Settings.Stol ? best : null;
    }

    /// <summary>pymatgen's frac_tol: |reciprocal vector| (with 2π) · stol / (π · normalization) = 2·stol·(V/N)^(1/3)/d_k.</summary>
    private Vec3 SiteFracTol(Lattice l, double normalization) =>
        (2 * Settings.Stol / normalization) * new Vec3(1 / l.PlaneSpacing(0), 1 / l.PlaneSpacing(1), 1 / l.PlaneSpacing(2));

    /// <summary>Mean lengths and angles of the two cells; null when the mean angles do not form a cell.</summary>
    private static Lattice? AverageLattice(Lattice l1, Lattice l2)
    {
        var (a, b) = (l1.Parameters, l2.Parameters);
        try
        {
            return Lattice.FromParameters((a.A + b.A) / 2, (a.B + b.B) / 2, (a.C + b.C) / 2, (a.Alpha + b.Alpha) / 2, (a.Beta + b.Beta) / 2, (a.Gamma + b.Gamma) / 2);
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    private static Lattice LllLattice(Lattice l)
    {
        var r = MinimumImage.LllReduce(l.A, l.B, l.C);
        return new Lattice(r[0], r[1], r[2]);
    }

    /// <summary>pymatgen <c>is_coord_subset_pbc</c>: every site of <paramref name="subset"/> has an allowed site of the superset within tol per axis.</summary>
    private static bool IsCoordSubsetPbc(Vec3[] subset, Vec3[] superset, Vec3 tol, bool[,] mask)
    {
        for (var i = 0; i < subset.Length; i++)
        {
            var found = false;
            for (var j = 0; j < superset.Length && !found; j++)
            {
                if (mask[i, j])
                {
                    continue;
                }

                var d = subset[i] - superset[j];
                found = Math.Abs(d.X - Math.Round(d.X)) <= tol.X && Math.Abs(d.Y - Math.Round(d.Y)) <= tol.Y && Math.Abs(d.Z - Math.Round(d.Z)) <= tol.Z;
            }

            if (!found)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>pymatgen <c>_cart_dists</c>: pair by linear assignment, remove the mean displacement, normalise.</summary>
    private static double[] CartesianDistances(Vec3[] s1fc, Vec3[] s2fc, Lattice avg, bool[,] mask, double normalization, Vec3 lllTol)
    {
        var (vecs, d2) = PbcShortestVectors.Compute(avg, s2fc, s1fc, mask, lllTol);
        var pairing = LinearAssignment.Solve(d2);
        var shortest = pairing.Select((j, i) => vecs[i, j]).ToArray();
        var mean = (1.0 / shortest.Length) * shortest.Aggregate(Vec3.Zero, (acc, v) => acc + v);
        return shortest.Select(v => (v - mean).Norm * normalization).ToArray();
    }

    private static Vec3 Wrap01(Vec3 d) => new(d.X - Math.Floor(d.X), d.Y - Math.Floor(d.Y), d.Z - Math.Floor(d.Z));
}
