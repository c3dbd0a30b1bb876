using CrystalKernels.Tensors.Random;

namespace CrystalKernels.Crystals.Corruption;

/// <summary>Noised positions of one crystal and what produced them.</summary>
/// <param name="Noisy">wrap(pos + ε), Cartesian Å, fractional coordinates in [0, 1).</param>
/// <param name="Noise">ε, Cartesian Å, unwrapped (what the code returns).</param>
/// <param name="MinDistance">The distance σ is scaled by (Å).</param>
/// <param name="Sigma">σ̃ · MinDistance (Å): the normal's standard deviation or the uniform's half-width.</param>
public sealed record NoiseResult(Vec3[] Noisy, Vec3[] Noise, double MinDistance, double Sigma);

/// <summary>
/// Gaussian (or uniform) position noise with wrapping (paper-spec 2.5) and the position target (2.6). Crystal b of
/// step s draws from <see cref="StreamFor"/>(seed, s, b); component k of atom a uses draw index 3a + k.
/// </summary>
public static class PositionNoise
{
    public static RngStream StreamFor(ulong seed, long step, int crystal) => RngStream.Create(seed, "noise").Sub((ulong)step).Sub((ulong)crystal);

    public static NoiseResult Apply(Structure s, NoiseOptions options, RngStream crystalStream)
    {
        options.Validate();
        var minR = MinDistance.Of(s, options.MinDist);
        var sigma = options.SigmaRatio * minR;
        var n = s.Count;
        var noise = new Vec3[n];
        var noisy = new Vec3[n];
        for (var a = 0; a < n; a++)
        {
            var i = 3 * (ulong)a;
            noise[a] = options.Distribution == NoiseDistribution.Normal
                ? new Vec3(sigma * crystalStream.Normal(i), sigma * crystalStream.Normal(i + 1), sigma * crystalStream.Normal(i + 2))
                : new Vec3(Centered(crystalStream, i, sigma), Centered(crystalStream, i + 1, sigma), Centered(crystalStream, i + 2, sigma));
            noisy[a] = Wrap(s.Lattice, s.Positions[a] + noise[a]);
        }

        return new NoiseResult(noisy, noise, minR, sigma);
    }

    /// <summary>The position target: ε·cell⁻¹ (Fractional, the code) or ε (Cartesian).</summary>
    public static Vec3[] Target(Lattice lattice, Vec3[] noise, PositionTargetFrame frame) =>
        frame == PositionTargetFrame.Fractional ? noise.Select(lattice.ToFractional).ToArray() : (Vec3[])noise.Clone();

    /// <summary>A prediction in the target frame back to a Cartesian displacement (pred·cell for Fractional).</summary>
    public static Vec3 TargetToCartesian(Lattice lattice, Vec3 target, PositionTargetFrame frame) =>
        frame == PositionTargetFrame.Fractional ? lattice.ToCartesian(target) : target;

    /// <summary>wrap(x) = (frac(x) mod 1)·cell, mod as torch.remainder (x − floor(x)).</summary>
    public static Vec3 Wrap(Lattice lattice, Vec3 cart)
    {
        var f = lattice.ToFractional(cart);
        return lattice.ToCartesian(new Vec3(f.X - Math.Floor(f.X), f.Y - Math.Floor(f.Y), f.Z - Math.Floor(f.Z)));
    }

    // σ · 2 · (u − 0.5): the code's uniform noise, u in (0, 1).
    private static double Centered(RngStream r, ulong index, double sigma) => sigma * 2 * (r.UniformDouble(index) - 0.5);
}
