namespace CrystalKernels.Equivariant.Frames;

/// <summary>
/// The reference ("roll") vector that fixes the rotation of an edge frame about the edge axis (paper-spec §3.5 step 2).
/// The reference draws it at random per edge and forward; this port uses a fixed unit vector v and the reference's
/// selection rule: s = v; if |s·x̂| &gt; |v_b·x̂| then s = v_b; then if |s·x̂| &gt; |v_c·x̂| then s = v_c (both strict), with
/// v_b = (−v_y, v_x, v_z) and v_c = (v_x, −v_z, v_y) both built from v. The choice depends only on the edge direction.
/// </summary>
public readonly record struct RollVector
{
    private RollVector(double x, double y, double z)
    {
        var n = Math.Sqrt((x * x) + (y * y) + (z * z));
        if (!(n > 0) || !double.IsFinite(n))
        {
            throw new ArgumentException($"RollVector: need a finite non-zero vector, got ({x}, {y}, {z})");
        }

        (X, Y, Z) = (x / n, y / n, z / n);
    }

    public double X { get; }

    public double Y { get; }

    public double Z { get; }

    /// <summary>
    /// The reference fixtures' vector: the patched torch.rand_like returned u = (0.8125, 0.3125, 0.90625), so
    /// v = normalise(u − 0.5) = normalise((0.3125, −0.1875, 0.40625)) (exact binary fractions).
    /// </summary>
    public static RollVector Fixture { get; } = FromUniform(0.8125, 0.3125, 0.90625);

    /// <summary>v = normalise(u − 0.5) for a uniform draw u in [0, 1)³, as the reference forms it.</summary>
    public static RollVector FromUniform(double ux, double uy, double uz) => new(ux - 0.5, uy - 0.5, uz - 0.5);

    /// <summary>Normalises an arbitrary non-zero vector.</summary>
    public static RollVector Of(double x, double y, double z) => new(x, y, z);

    /// <summary>The reference's candidates (v, v_b, v_c) with its strict comparison (no tie margin).</summary>
    public RollCandidates Candidates => new((X, Y, Z), (-Y, X, Z), (X, -Z, Y), 0.0, "fixed roll vector");

    /// <summary>
    /// The vector the rule picks for unit edge direction x̂ and which one it is (0 = v, 1 = v_b, 2 = v_c). Throws, as the
    /// reference asserts, when even the chosen vector has |s·x̂| ≥ 0.99.
    /// </summary>
    public (double X, double Y, double Z, int Branch) Select(double xx, double xy, double xz) => Candidates.Select(xx, xy, xz);
}
