namespace CrystalKernels.Equivariant.Frames;

/// <summary>
/// Unit roll candidates and the reference's sequential selection (paper-spec §3.5 step 2; FORK edge_rot_mat.py):
/// s = s₀; if |s·x̂| &gt; |s₁·x̂| + margin then s = s₁; then if |s·x̂| &gt; |s₂·x̂| + margin then s = s₂. The reference uses
/// (v, v_b, v_c) built from one vector, margin 0 and no fallback (<see cref="RollVector"/>). The lattice rule
/// (<see cref="LatticeRollRule"/>) uses (â, b̂, ĉ) of the edge's crystal, a small tie margin, and a fallback triple
/// (the cell's face normals s₃, s₄, s₅): when the pick still has |s·x̂| ≥ <see cref="FallbackAlignment"/>, the same
/// sequential rule continues over them. The choice depends only on the edge direction and the candidates, so it turns
/// with them when both are rotated. <see cref="Origin"/> (a constant string per candidate set, so building candidates
/// per edge allocates nothing) names them in errors.
/// </summary>
public readonly struct RollCandidates
{
    /// <summary>The reference asserts the chosen candidate satisfies |s·x̂| &lt; 0.99 (else x̂ × s is ill-conditioned).</summary>
    public const double MaxAlignment = 0.99;

    /// <summary>A pick at least this aligned with the edge goes on to the fallback candidates, when there are any.</summary>
    public const double FallbackAlignment = 0.9;

    private readonly (double X, double Y, double Z) s0, s1, s2, s3, s4, s5;

    /// <summary>Three candidates that must already be unit vectors (callers normalise them; the rule compares |s·x̂|).</summary>
    public RollCandidates((double X, double Y, double Z) s0, (double X, double Y, double Z) s1, (double X, double Y, double Z) s2, double tieMargin, string origin)
    {
        if (!(tieMargin >= 0) || !double.IsFinite(tieMargin))
        {
            throw new ArgumentException($"RollCandidates ({origin}): tie margin must be finite and ≥ 0, got {tieMargin}");
        }

        (this.s0, this.s1, this.s2) = (s0, s1, s2);
        TieMargin = tieMargin;
        Origin = origin;
    }

    /// <summary>Three primary candidates and three fallback candidates (branches 3, 4, 5), all unit vectors.</summary>
    public RollCandidates(
        (double X, double Y, double Z) s0, (double X, double Y, double Z) s1, (double X, double Y, double Z) s2,
        (double X, double Y, double Z) s3, (double X, double Y, double Z) s4, (double X, double Y, double Z) s5,
        double tieMargin, string origin)
        : this(s0, s1, s2, tieMargin, origin)
    {
        (this.s3, this.s4, this.s5) = (s3, s4, s5);
        HasFallback = true;
    }

    public double TieMargin { get; }

    public string Origin { get; }

    public bool HasFallback { get; }

    /// <summary>Candidate <paramref name="branch"/> (0, 1, 2; 3, 4, 5 are the fallback ones).</summary>
    public (double X, double Y, double Z) this[int branch] => branch switch
    {
        0 => s0,
        1 => s1,
        2 => s2,
        3 when HasFallback => s3,
        4 when HasFallback => s4,
        5 when HasFallback => s5,
        _ => throw new ArgumentOutOfRangeException(nameof(branch), branch, $"roll branch is 0..{(HasFallback ? 5 : 2)}"),
    };

    /// <summary>
    /// The candidate the rule picks for unit edge direction x̂ and its branch. Throws, as the reference asserts, when
    /// even the chosen one has |s·x̂| ≥ <see cref="MaxAlignment"/>.
    /// </summary>
    public (double X, double Y, double Z, int Branch) Select(double xx, double xy, double xz)
    {
        var margin = TieMargin;
        (double X, double Y, double Z, int Branch) s = (s0.X, s0.Y, s0.Z, 0);
        s = Prefer(s, (s1.X, s1.Y, s1.Z, 1));
        s = Prefer(s, (s2.X, s2.Y, s2.Z, 2));
        if (HasFallback && !(AbsDot(s) < FallbackAlignment))
        {
            s = Prefer(s, (s3.X, s3.Y, s3.Z, 3));
            s = Prefer(s, (s4.X, s4.Y, s4.Z, 4));
            s = Prefer(s, (s5.X, s5.Y, s5.Z, 5));
        }

        if (!(AbsDot(s) < MaxAlignment))
        {
            throw new InvalidOperationException(
                $"RollCandidates.Select ({Origin}): every roll candidate is aligned with edge direction ({xx}, {xy}, {xz}): " +
                $"|s·x̂| = {AbsDot(s)} ≥ {MaxAlignment} for s₀ = {s0}, s₁ = {s1}, s₂ = {s2}");
        }

        return s;

        // With margin 0, x + 0.0 == x for the non-negative |·| values: the comparison is exactly the reference's.
        (double X, double Y, double Z, int Branch) Prefer((double X, double Y, double Z, int Branch) current, (double X, double Y, double Z, int Branch) other) =>
            AbsDot(current) > AbsDot(other) + margin ? other : current;

        double AbsDot((double X, double Y, double Z, int Branch) v) => Math.Abs((v.X * xx) + (v.Y * xy) + (v.Z * xz));
    }
}
