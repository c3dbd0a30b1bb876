using CrystalKernels.Crystals;
using CrystalKernels.Tensors.Random;

namespace CrystalKernels.Tests.Equivariance;

/// <summary>Rigid moves of whole crystals (cell included) and atom permutations, drawn from seeded streams.</summary>
internal static class Moves
{
    /// <summary>A uniformly random proper rotation (row-major 3×3) from a normalised Gaussian quaternion.</summary>
    public static double[] Rotation(RngStream rng, ulong i)
    {
        var (w, x, y, z) = (rng.Normal(4 * i), rng.Normal((4 * i) + 1), rng.Normal((4 * i) + 2), rng.Normal((4 * i) + 3));
        var n = Math.Sqrt((w * w) + (x * x) + (y * y) + (z * z));
        (w, x, y, z) = (w / n, x / n, y / n, z / n);
        return
        [
            1 - (2 * ((y * y) + (z * z))), 2 * ((x * y) - (w * z)), 2 * ((x * z) + (w * y)),
            2 * ((x * y) + (w * z)), 1 - (2 * ((x * x) + (z * z))), 2 * ((y * z) - (w * x)),
            2 * ((x * z) - (w * y)), 2 * ((y * z) + (w * x)), 1 - (2 * ((x * x) + (y * y))),
        ];
    }

    public static Vec3 Apply(double[] q, Vec3 v) => new(
        (q[0] * v.X) + (q[1] * v.Y) + (q[2] * v.Z),
        (q[3] * v.X) + (q[4] * v.Y) + (q[5] * v.Z),
        (q[6] * v.X) + (q[7] * v.Y) + (q[8] * v.Z));

    /// <summary>The crystal rotated as a whole: lattice vectors and Cartesian positions.</summary>
    public static Structure Rotate(Structure s, double[] q) =>
        new(new Lattice(Apply(q, s.Lattice.A), Apply(q, s.Lattice.B), Apply(q, s.Lattice.C)), s.Species, s.Positions.Select(p => Apply(q, p)).ToArray(), s.Id);

    public static Structure Translate(Structure s, Vec3 shift) => s.With(positions: s.Positions.Select(p => p + shift).ToArray());

    /// <summary>Atom i of the result is atom perm[i] of <paramref name="s"/>.</summary>
    public static Structure Permute(Structure s, int[] perm) =>
        new(s.Lattice, perm.Select(i => s.Species[i]).ToArray(), perm.Select(i => s.Positions[i]).ToArray(), s.Id);

    /// <summary>A seeded random permutation of 0..n−1 (Fisher–Yates).</summary>
    public static int[] Permutation(RngStream rng, int n)
    {
        var p = Enumerable.Range(0, n).ToArray();
        for (var i = n - 1; i > 0; i--)
        {
            var j = rng.Below((ulong)i, i + 1);
            (p[i], p[j]) = (p[j], p[i]);
        }

        return p;
    }
}
