using CrystalKernels.Crystals;
using CrystalKernels.Tensors.Random;

namespace CrystalKernels.Tests.Matching;

/// <summary>Test crystals and the symmetry-free transformations a structure matcher must see through.</summary>
internal static class MatchingCrystals
{
    /// <summary>
    /// Orthorhombic 4 × 5.5 × 7 Å cell (V = 154 Å³) with Na, Cl, Cl, K at general positions: no pure translation, no
    /// mirror or rotation maps it onto itself, so the identity pairing is the only good one.
    /// </summary>
    public static Structure LowSymmetry() => Structure.FromFractional(
        Lattice.FromParameters(4, 5.5, 7, 90, 90, 90),
        [11, 17, 17, 19],
        [new(0.10, 0.20, 0.30), new(0.62, 0.13, 0.77), new(0.33, 0.71, 0.18), new(0.72, 0.45, 0.88)],
        "low-symmetry");

    /// <summary>Rock-salt NaCl in its conventional cubic cell (8 sites, 4 formula units; the primitive cell has 2).</summary>
    public static Structure RockSaltConventional(double a = 5.64)
    {
        Vec3[] fcc = [new(0, 0, 0), new(0.5, 0.5, 0), new(0.5, 0, 0.5), new(0, 0.5, 0.5)];
        var frac = fcc.Concat(fcc.Select(f => f + new Vec3(0.5, 0, 0))).ToArray();
        return Structure.FromFractional(Lattice.FromParameters(a, a, a, 90, 90, 90), [11, 11, 11, 11, 17, 17, 17, 17], frac, "NaCl");
    }

    /// <summary>A uniformly random proper rotation (unit quaternion from four normals).</summary>
    public static Func<Vec3, Vec3> RandomRotation(ulong seed)
    {
        var rng = RngStream.Create(seed, "matcher-rotation");
        var (w, x, y, z) = (rng.Normal(0), rng.Normal(1), rng.Normal(2), rng.Normal(3));
        var n = Math.Sqrt(w * w + x * x + y * y + z * z);
        (w, x, y, z) = (w / n, x / n, y / n, z / n);
        var r = new[,]
        {
            { 1 - 2 * (y * y + z * z), 2 * (x * y - w * z), 2 * (x * z + w * y) },
            { 2 * (x * y + w * z), 1 - 2 * (x * x + z * z), 2 * (y * z - w * x) },
            { 2 * (x * z - w * y), 2 * (y * z + w * x), 1 - 2 * (x * x + y * y) },
        };
        return v => new Vec3(
            r[0, 0] * v.X + r[0, 1] * v.Y + r[0, 2] * v.Z,
            r[1, 0] * v.X + r[1, 1] * v.Y + r[1, 2] * v.Z,
            r[2, 0] * v.X + r[2, 1] * v.Y + r[2, 2] * v.Z);
    }

    /// <summary>Rotated by a random rotation, shifted by a random Cartesian origin move, sites in a random order.</summary>
    public static Structure RotatedShiftedPermuted(Structure s, ulong seed)
    {
        var rot = RandomRotation(seed);
        var rng = RngStream.Create(seed, "matcher-shift");
        var shift = new Vec3(10 * rng.UniformDouble(0) - 5, 10 * rng.UniformDouble(1) - 5, 10 * rng.UniformDouble(2) - 5);
        var order = Enumerable.Range(0, s.Count).OrderBy(i => rng.UInt(100 + (ulong)i)).ToArray();
        var lattice = new Lattice(rot(s.Lattice.A), rot(s.Lattice.B), rot(s.Lattice.C));
        return new Structure(lattice, order.Select(i => s.Species[i]).ToArray(), order.Select(i => rot(s.Positions[i] + shift)).ToArray(), s.Id);
    }

    /// <summary>The na × nb × nc supercell.</summary>
    public static Structure Supercell(Structure s, int na, int nb, int nc)
    {
        var species = new List<int>();
        var pos = new List<Vec3>();
        for (var i = 0; i < na; i++)
        {
            for (var j = 0; j < nb; j++)
            {
                for (var k = 0; k < nc; k++)
                {
                    var t = s.Lattice.ToCartesian(new Vec3(i, j, k));
                    species.AddRange(s.Species);
                    pos.AddRange(s.Positions.Select(p => p + t));
                }
            }
        }

        var l = s.Lattice;
        return new Structure(new Lattice(na * l.A, nb * l.B, nc * l.C), species.ToArray(), pos.ToArray(), s.Id);
    }

    /// <summary>The same crystal described on a sheared basis a' = a + b, b' = b, c' = c − 2a (same atoms, same lattice).</summary>
    public static Structure Sheared(Structure s)
    {
        var l = s.Lattice;
        return s.With(lattice: new Lattice(l.A + l.B, l.B, l.C - 2 * l.A));
    }

    /// <summary>Cartesian displacement of single sites.</summary>
    public static Structure Displaced(Structure s, params (int Site, Vec3 By)[] moves)
    {
        var pos = (Vec3[])s.Positions.Clone();
        foreach (var (site, by) in moves)
        {
            pos[site] += by;
        }

        return s.With(positions: pos);
    }
}
