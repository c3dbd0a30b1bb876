using CrystalKernels.Crystals;
using CrystalKernels.Tensors.Random;

namespace CrystalKernels.Tests.Graph;

/// <summary>Seeded random crystals for graph and corruption tests: skewed cells, very short vectors, unwrapped sites.</summary>
internal static class RandomCrystals
{
    /// <summary>A crystal with cell lengths in [minLen, maxLen] Å, angles in [55°, 125°], and positions whose
    /// fractional coordinates lie in [−1.5, 2.5) when <paramref name="unwrapped"/> (else [0, 1)).</summary>
    public static Structure Make(ulong seed, int atoms, double minLen, double maxLen, bool unwrapped = false)
    {
        var rng = RngStream.Create(seed, "test-crystal");
        ulong k = 0;
        double U() => rng.UniformDouble(k++);
        while (true)
        {
            var (a, b, c) = (minLen + (maxLen - minLen) * U(), minLen + (maxLen - minLen) * U(), minLen + (maxLen - minLen) * U());
            var (al, be, ga) = (55 + 70 * U(), 55 + 70 * U(), 55 + 70 * U());
            Lattice lat;
            try
            {
                lat = Lattice.FromParameters(a, b, c, al, be, ga);
            }
            catch (ArgumentException)
            {
                continue;
            }

            // Keep cells that are not nearly flat: volume at least 30 % of the box product.
            if (lat.Volume < 0.3 * a * b * c)
            {
                continue;
            }

            var species = new int[atoms];
            var frac = new Vec3[atoms];
            for (var i = 0; i < atoms; i++)
            {
                species[i] = 1 + (int)(U() * 4) * 7;
                var w = unwrapped ? 4.0 : 1.0;
                var o = unwrapped ? -1.5 : 0.0;
                frac[i] = new Vec3(o + w * U(), o + w * U(), o + w * U());
            }

            return Structure.FromFractional(lat, species, frac, $"random-{seed}");
        }
    }
}
