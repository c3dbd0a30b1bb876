using CrystalKernels.Equivariant.Frames;
using CrystalKernels.Tensors.Random;

namespace CrystalKernels.Tests.Equivariant;

/// <summary>Seeded random rotations and directions for the SO(3) property tests (counter-based RNG).</summary>
internal static class RandomRotations
{
    public static EulerAngles Angles(RngStream rng, ulong i) => new(
        (2 * Math.PI * rng.UniformDouble(3 * i)) - Math.PI,
        Math.Acos((2 * rng.UniformDouble((3 * i) + 1)) - 1),
        (2 * Math.PI * rng.UniformDouble((3 * i) + 2)) - Math.PI);

    /// <summary>A direction drawn from a 3D normal (uniform on the sphere), scaled to a length in [0.5, 5.5).</summary>
    public static (double X, double Y, double Z) Edge(RngStream rng, ulong i)
    {
        var (x, y, z) = (rng.Normal(4 * i), rng.Normal((4 * i) + 1), rng.Normal((4 * i) + 2));
        var s = (0.5 + (5 * rng.UniformDouble((4 * i) + 3))) / Math.Sqrt((x * x) + (y * y) + (z * z));
        return (x * s, y * s, z * s);
    }

    public static double[] Multiply3(double[] a, double[] b)
    {
        var c = new double[9];
        for (var i = 0; i < 3; i++)
        {
            for (var j = 0; j < 3; j++)
            {
                for (var k = 0; k < 3; k++)
                {
                    c[(i * 3) + j] += a[(i * 3) + k] * b[(k * 3) + j];
                }
            }
        }

        return c;
    }
}
