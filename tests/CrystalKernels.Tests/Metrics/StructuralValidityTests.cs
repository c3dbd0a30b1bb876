using CrystalKernels.Crystals;
using CrystalKernels.Crystals.Metrics;
using CrystalKernels.Tensors.Random;
using CrystalKernels.Tests.Support;

namespace CrystalKernels.Tests.Metrics;

public class StructuralValidityTests
{
    private static Structure Cubic(double a, int[] species, params Vec3[] frac) =>
        Structure.FromFractional(Lattice.FromParameters(a, a, a, 90, 90, 90), species, frac);

    [Test]
    public void RockSaltIsValid()
    {
        var s = Cubic(5.64, [11, 11, 11, 11, 17, 17, 17, 17],
            new(0, 0, 0), new(0, 0.5, 0.5), new(0.5, 0, 0.5), new(0.5, 0.5, 0),
            new(0.5, 0, 0), new(0, 0.5, 0), new(0, 0, 0.5), new(0.5, 0.5, 0.5));
        Assert.That(StructuralValidity.MinimumInteratomicDistance(s), Is.EqualTo(2.82).Within(1e-12));
        Assert.That(StructuralValidity.IsValid(s), Is.True);
    }

    [Test]
    public void ThresholdIsStrictLikeCdvae()
    {
        // a = 8 keeps 0.5 / 8 exact in binary, so the distance is exactly 0.5 Å: CDVAE's `< 0.5` lets it pass.
        Assert.That(StructuralValidity.IsValid(Cubic(8, [6, 6], new(0, 0, 0), new(0.0625, 0, 0))), Is.True);
        Assert.That(StructuralValidity.IsValid(Cubic(8, [6, 6], new(0, 0, 0), new(0.06, 0, 0))), Is.False);
    }

    [Test]
    public void PeriodicImagesAreUsed()
    {
        // Directly 7.6 Å apart, but 0.4 Å through the boundary.
        var s = Cubic(8, [6, 8], new(0.0125, 0.5, 0.5), new(0.9625, 0.5, 0.5));
        Assert.That(StructuralValidity.MinimumInteratomicDistance(s), Is.EqualTo(0.4).Within(1e-12));
        Assert.That(StructuralValidity.IsValid(s), Is.False);
    }

    [Test]
    public void SelfImagesAreIgnoredAndSmallCellsFailOnVolume()
    {
        // One atom in a 0.48 Å cube: its own image is 0.48 Å away, which CDVAE never checks; volume 0.11 ≥ 0.1.
        Assert.That(StructuralValidity.IsValid(Cubic(0.48, [3], new Vec3(0, 0, 0))), Is.True);
        Assert.That(StructuralValidity.MinimumInteratomicDistance(Cubic(0.48, [3], new Vec3(0, 0, 0))), Is.EqualTo(double.PositiveInfinity));
        // 0.45³ = 0.091 < 0.1.
        Assert.That(StructuralValidity.IsValid(Cubic(0.45, [3], new Vec3(0, 0, 0))), Is.False);
    }

    [Test]
    public void MinimumImageIsExactInASkewedCell()
    {
        // A badly sheared cell (volume 1): compare against brute force over ±45 images on each axis (the reduced basis needs coefficients up to ~40).
        var lattice = new Lattice(new Vec3(1, 0, 0), new Vec3(7.3, 1, 0), new Vec3(3.1, -5.2, 1));
        var images = new MinimumImage(lattice);
        var rng = RngStream.Create(7, "metrics-min-image");
        for (var t = 0UL; t < 8; t++)
        {
            var delta = lattice.ToCartesian(new Vec3(rng.UniformDouble(3 * t), rng.UniformDouble(3 * t + 1), rng.UniformDouble(3 * t + 2)));
            var brute = double.PositiveInfinity;
            for (var i = -45; i <= 45; i++)
            {
                for (var j = -45; j <= 45; j++)
                {
                    for (var k = -45; k <= 45; k++)
                    {
                        brute = Math.Min(brute, (delta + i * lattice.A + j * lattice.B + k * lattice.C).Norm);
                    }
                }
            }

            Assert.That(images.Shortest(delta).Norm, Is.EqualTo(brute).Within(1e-12), $"trial {t}");
        }

        Assert.That(images.Reduced.Volume, Is.EqualTo(lattice.Volume).Within(1e-9), "LLL keeps the lattice");
    }
}
