using CrystalKernels.Crystals;
using CrystalKernels.Crystals.Corruption;
using CrystalKernels.Tests.Graph;

namespace CrystalKernels.Tests.Corruption;

public class PositionNoiseTests
{
    [Test]
    public void IntraCellIgnoresImagesPeriodicDoesNot()
    {
        var lat = Lattice.FromParameters(4, 4, 4, 90, 90, 90);
        var s = Structure.FromFractional(lat, [11, 17], [new Vec3(0.05, 0.5, 0.5), new Vec3(0.95, 0.5, 0.5)]);
        Assert.That(MinDistance.Of(s, MinDistMode.IntraCellNoPbc), Is.EqualTo(3.6).Within(1e-12));
        Assert.That(MinDistance.Of(s, MinDistMode.PeriodicNearestNeighbour), Is.EqualTo(0.4).Within(1e-12));
    }

    [Test]
    public void OneAtomUsesTheShortestLatticeTranslationEvenWhenItIsNotACellVector()
    {
        // |a| = 3, |b| ≈ 2.69, |c| = 4, but a + b = (0.5, 1, 0) has length √1.25.
        var lat = new Lattice(new Vec3(3, 0, 0), new Vec3(-2.5, 1, 0), new Vec3(0, 0, 4));
        var s = new Structure(lat, [26], [new Vec3(0.7, 0.2, 1.1)]);
        Assert.That(MinDistance.Of(s, MinDistMode.IntraCellNoPbc), Is.EqualTo(Math.Sqrt(1.25)).Within(1e-12));
        Assert.That(MinDistance.IntraCell(s), Is.EqualTo(double.PositiveInfinity), "the code's value for N = 1");
    }

    [TestCase(71UL, 4)]
    [TestCase(72UL, 9)]
    [TestCase(73UL, 2)]
    public void PeriodicNearestNeighbourMatchesBruteForce(ulong seed, int atoms)
    {
        var s = RandomCrystals.Make(seed, atoms, 2.0, 7.0, unwrapped: true);
        var brute = Math.Sqrt(BruteForceGraph.Edges(s, 8.0).Min(e => e.D2));
        Assert.That(MinDistance.PeriodicNearestNeighbour(s), Is.EqualTo(brute).Within(1e-12));
    }

    [Test]
    public void NormalNoiseHasStandardDeviationSigmaRatioTimesMinDistance()
    {
        var s = RandomCrystals.Make(81, 20, 6.0, 9.0);
        var o = NoiseOptions.Pretrain;
        var all = new List<double>();
        for (var step = 0; step < 50; step++)
        {
            var r = PositionNoise.Apply(s, o, PositionNoise.StreamFor(5, step, 0));
            Assert.That(r.Sigma, Is.EqualTo(0.1 * MinDistance.IntraCell(s)).Within(1e-15));
            all.AddRange(r.Noise.SelectMany(v => new[] { v.X, v.Y, v.Z }));
        }

        // 3,000 normal draws: the sample std is within 4 % of σ with overwhelming probability; mean within 0.1 σ.
        var sigma = 0.1 * MinDistance.IntraCell(s);
        var mean = all.Average();
        var std = Math.Sqrt(all.Select(x => (x - mean) * (x - mean)).Average());
        Assert.That(std / sigma, Is.EqualTo(1).Within(0.04));
        Assert.That(Math.Abs(mean), Is.LessThan(0.1 * sigma));
    }

    [Test]
    public void UniformNoiseStaysWithinPlusMinusSigma()
    {
        var s = RandomCrystals.Make(82, 12, 5.0, 8.0);
        var r = PositionNoise.Apply(s, NoiseOptions.GanRealFaithful, PositionNoise.StreamFor(1, 0, 0));
        var comps = r.Noise.SelectMany(v => new[] { v.X, v.Y, v.Z }).ToArray();
        Assert.That(r.Sigma, Is.EqualTo(0.001 * MinDistance.IntraCell(s)).Within(1e-18));
        Assert.That(comps.All(x => Math.Abs(x) <= r.Sigma), Is.True);
        Assert.That(comps.Max() - comps.Min(), Is.GreaterThan(r.Sigma), "spread over most of the interval");
    }

    [Test]
    public void NoisyPositionsAreWrappedImagesOfPositionPlusNoise()
    {
        var s = RandomCrystals.Make(83, 8, 3.0, 6.0, unwrapped: true);
        var r = PositionNoise.Apply(s, NoiseOptions.GanGenerator, PositionNoise.StreamFor(2, 1, 0));
        for (var a = 0; a < s.Count; a++)
        {
            var f = s.Lattice.ToFractional(r.Noisy[a]);
            var moved = s.Lattice.ToFractional(s.Positions[a] + r.Noise[a]);
            for (var d = 0; d < 3; d++)
            {
                Assert.That(f[d], Is.InRange(0.0, 1.0));
                Assert.That(moved[d] - f[d], Is.EqualTo(Math.Round(moved[d] - f[d])).Within(1e-9), "differs by a lattice vector");
            }
        }
    }

    [Test]
    public void TargetIsFractionalNoiseInTheCodeCartesianInThePaper()
    {
        var s = RandomCrystals.Make(84, 5, 3.0, 6.0);
        var r = PositionNoise.Apply(s, NoiseOptions.Pretrain, PositionNoise.StreamFor(3, 0, 0));
        var frac = PositionNoise.Target(s.Lattice, r.Noise, PositionTargetFrame.Fractional);
        var cart = PositionNoise.Target(s.Lattice, r.Noise, PositionTargetFrame.Cartesian);
        for (var a = 0; a < s.Count; a++)
        {
            Assert.That((s.Lattice.ToCartesian(frac[a]) - r.Noise[a]).Norm, Is.LessThan(1e-14));
            Assert.That(PositionNoise.TargetToCartesian(s.Lattice, frac[a], PositionTargetFrame.Fractional), Is.EqualTo(s.Lattice.ToCartesian(frac[a])));
            Assert.That(cart[a], Is.EqualTo(r.Noise[a]));
        }

        Assert.That(frac[0], Is.Not.EqualTo(r.Noise[0]));
    }

    [Test]
    public void NoiseIsFixedBySeedStepAndCrystal()
    {
        var s = RandomCrystals.Make(85, 6, 3.0, 6.0);
        Vec3[] N(ulong seed, long step, int b) => PositionNoise.Apply(s, NoiseOptions.Pretrain, PositionNoise.StreamFor(seed, step, b)).Noise;
        var first = N(1, 2, 3);
        Assert.That(N(1, 2, 3), Is.EqualTo(first));
        Assert.That(N(1, 2, 4), Is.Not.EqualTo(N(1, 2, 3)));
        Assert.That(N(1, 3, 3), Is.Not.EqualTo(N(1, 2, 3)));
        Assert.That(N(2, 2, 3), Is.Not.EqualTo(N(1, 2, 3)));
    }
}
