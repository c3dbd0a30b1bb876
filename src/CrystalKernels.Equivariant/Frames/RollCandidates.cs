namespace CrystalKernels.Equivariant.Frames;

/// <summary>
/// Three unit roll candidates s₀, s₁, s₂ and the reference's selection (paper-spec §3.5 step 2; FORK edge_rot_mat.py):
/// s = s₀; if |s·x̂| &gt; |s₁·x̂| + margin then s = s₁; then if |s·x̂| &gt; |s₂·x̂| + margin then s = s₂. The reference uses
/// (v, v_b, v_c) built from one vector and margin 0 (<see cref="RollVector"/>); the lattice rule uses (â, b̂, ĉ) of the
/// edge's crystal and a small tie margin (<see cref="LatticeRollRule"/>). The choice depends only on the edge direction
/// and the candidates, so it turns with them when both are rotated. <see cref="Origin"/> (a constant
/// string, so building candidates per edge allocates nothing) names them in errors.
/// </summary>
public readonly struct RollCandidates
{
    /// <summary>The reference asserts the chosen candidate satisfies |s·x̂| &lt; 0.99 (else x̂ × s is ill-conditioned).</summary>
    public const double MaxAlignment = 0.99;

    private readonly double ax, ay, az, bx, by, bz, cx, cy, cz;

    /// <summary>Candidates that must already be unit vectors (callers normalise them; the selection compares |s·x̂|).</summary>
    public RollCandidates((double X, double Y, double Z) s0, (double X, double Y, double Z) s1, (double X, double Y, double Z) s2, double tieMargin, string origin)
    {
        if (!(tieMargin >= 0) || !double.IsFinite(tieMargin))
        {
            throw new ArgumentException($"RollCandidates ({origin}): tie margin must be finite and ≥ 0, got {tieMargin}");
        }

        (ax, ay, az) = s0;
        (bx, by, bz) = s1;
        (cx, cy, cz) = s2;
        TieMargin = tieMargin;
        Origin = origin;
    }

    public double TieMargin { get; }

    public string Origin { get; }

    /// <summary>Candidate <paramref name="branch"/> (0, 1, 2).</summary>
    public (double X, double Y, double Z) this[int branch] => branch switch
    {
        0 => (ax, ay, az),
        1 => (bx, by, bz),
        2 => (cx, cy, cz),
        _ => throw new ArgumentOutOfRangeException(nameof(branch), branch, "roll branch is 0, 1 or 2"),
    };

    /// <summary>
    /// The candidate the rule picks for unit edge direction x̂ and its branch (0, 1, 2). Throws, as the reference asserts,
    /// when even the chosen one has |s·x̂| ≥ <see cref="MaxAlignment"/>.
    /// </summary>
    public (double X, double Y, double Z, int Branch) Select(double xx, double xy, double xz)
    {
        (double X, double Y, double Z, int Branch) s = (ax, ay, az, 0);
        (double X, double Y, double Z, int Branch) b = (bx, by, bz, 1);
        (double X, double Y, double Z, int Branch) c = (cx, cy, cz, 2);
        // With margin 0, x + 0.0 == x for the non-negative |·| values: the comparison is exactly the reference's.
        if (AbsDot(s) > AbsDot(b) + TieMargin)
        {
            s = b;
        }

        if (AbsDot(s) > AbsDot(c) + TieMargin)
        {
            s = c;
        }

        if (!(AbsDot(s) < MaxAlignment))
        {
            throw new InvalidOperationException(
                $"RollCandidates.Select ({Origin}): every roll candidate is aligned with edge direction ({xx}, {xy}, {xz}): " +
                $"|s·x̂| = {AbsDot(s)} ≥ {MaxAlignment} for s₀ = ({ax}, {ay}, {az}), s₁ = ({bx}, {by}, {bz}), s₂ = ({cx}, {cy}, {cz})");
        }

        return s;

        double AbsDot((double X, double Y, double Z, int Branch) v) => Math.Abs((v.X * xx) + (v.Y * xy) + (v.Z * xz));
    }
}
