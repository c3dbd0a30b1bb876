namespace CrystalKernels.Equivariant.Frames;

/// <summary>
/// How each edge frame picks its roll vector (the rotation about the edge axis, paper-spec §3.5 step 2). The truncated
/// model (mmax &lt; lmax, 5-azimuth attention grid) is not roll-invariant (§3.5 item 7), so the rule decides whether the
/// model is exactly rotation-equivariant:
/// <list type="bullet">
/// <item><see cref="Fixed"/>: one global vector v and its 90° copies (v, v_b, v_c), the reference's recipe with a fixed
/// draw. Frames do not turn with the crystal: equivariant only to the roll-noise level (~1e-4).</item>
/// <item><see cref="Lattice"/>: the unit lattice vectors (â, b̂, ĉ) of the edge's crystal (face normals as a fallback
/// for very oblique cells). They rotate with the crystal, so R_e(Q·crystal) = R_e(crystal)·Qᵀ exactly and every
/// edge-frame part of the model (embedding, SO(2) attention with its 5-azimuth grid, position head) is equivariant up
/// to rounding. The FFNs' S2 activation on the global grid is approximate by itself (EquiformerV2Config.FfnGridResolution).</item>
/// </list>
/// Either way the roll is held fixed when differentiating w.r.t. positions (it depends on the cell only).
/// A <see cref="RollVector"/> converts implicitly to <see cref="Fixed"/>.
/// </summary>
public abstract record RollRule
{
    private protected RollRule()
    {
    }

    /// <summary>The lattice rule with the default tie margin (<see cref="LatticeRollRule.DefaultTieMargin"/>).</summary>
    public static RollRule Lattice { get; } = new LatticeRollRule(LatticeRollRule.DefaultTieMargin);

    public static RollRule Fixed(RollVector vector) => new FixedRollRule(vector);

    public static implicit operator RollRule(RollVector vector) => Fixed(vector);

    /// <summary>
    /// The candidates of every edge. <paramref name="cells"/> [B, 3, 3] row-major with rows a, b, c (Å);
    /// <paramref name="edgeCrystal"/> [E] the crystal of each edge. A fixed rule ignores both.
    /// </summary>
    public abstract EdgeRolls ForEdges(ReadOnlySpan<double> cells, int[] edgeCrystal);

    /// <summary>Each edge's crystal from contiguous per-crystal edge ranges: offsets [B+1] → [offsets[B]].</summary>
    public static int[] EdgeCrystals(ReadOnlySpan<int> edgeOffsets)
    {
        var crystals = edgeOffsets.Length - 1;
        var result = new int[crystals < 0 ? 0 : edgeOffsets[crystals]];
        for (var b = 0; b < crystals; b++)
        {
            if (edgeOffsets[b + 1] < edgeOffsets[b])
            {
                throw new ArgumentException($"RollRule.EdgeCrystals: edge offsets decrease at crystal {b} ({edgeOffsets[b]} → {edgeOffsets[b + 1]})");
            }

            result.AsSpan(edgeOffsets[b], edgeOffsets[b + 1] - edgeOffsets[b]).Fill(b);
        }

        return result;
    }
}

/// <summary>One global roll vector for every edge (the reference fixtures' recipe; see <see cref="RollRule"/>).</summary>
public sealed record FixedRollRule(RollVector Vector) : RollRule
{
    public override EdgeRolls ForEdges(ReadOnlySpan<double> cells, int[] edgeCrystal) => EdgeRolls.Uniform(Vector.Candidates);
}

/// <summary>
/// Roll candidates (â, b̂, ĉ) of the edge's crystal with the reference's selection order and a tie margin, then, for
/// edges that all three are nearly parallel to, the cell's face normals n̂_a = n(b × c), n̂_b = n(c × a), n̂_c = n(a × b)
/// (see <see cref="RollCandidates"/>). All six turn with the crystal under proper rotations.
/// </summary>
/// <remarks>
/// <para>Why a margin: symmetric crystals have exact ties (a cubic cell and an edge along (1,1,1) give
/// |â·x̂| = |b̂·x̂| = |ĉ·x̂|; 30% of MP-20 val edges have a tie below 1e-6). A strict comparison then decides on rounding
/// noise, which differs between a crystal and its rotated copy, and a different branch means a different roll (~1e-4
/// output change): on 2,000 MP-20 val crystals rotated at random in float32, margin 0 changes the branch of 8.5% of the
/// edges (in 86% of the crystals); margin 1e-4 changes none. Differences below the margin never switch, so ties
/// resolve by the lattice order a, b, c, which rotation does not change. 1e-4 sits well above float32 direction noise
/// (~1e-6) and below most genuine gaps.</para>
/// <para>Alignment bound: for any unit x̂, Σᵢ (âᵢ·x̂)² ≤ λ_max(G), G the Gram matrix of (â, b̂, ĉ), so the pick among
/// a, b, c (within the margin of the smallest) has |s·x̂| ≤ √(λ_max(G)/3) + margin. Gershgorin gives λ_max ≤ 1 + max_i
/// Σ_{j≠i} |cos θ_ij|; a Niggli-reduced cell has |cos θ| ≤ 1/2, so λ_max ≤ 2 and |s·x̂| ≤ √(2/3) ≈ 0.8165 (the 60°
/// rhombohedral cell along (1,1,1)) and the face normals are never consulted. MP-20 is not all reduced: mp-1103928
/// (rhombohedral, 17.3°) reaches 0.9847, close to the reference's 0.99 check. Hence the fallback: a pick with
/// |s·x̂| ≥ 0.9 means a, b and c all lie within 25.9° of ±x̂, and each face normal is perpendicular to two of them, so
/// |n̂·x̂| ≤ sin 25.9° &lt; 0.44. Every edge of every non-degenerate cell thus ends with |s·x̂| &lt; 0.9 + margin, and
/// the 0.99 check stays only as a guard.</para>
/// <para>The frames depend on which lattice basis describes the crystal (a different setting of the same crystal
/// changes outputs at the roll-noise level); rotations, translations and atom permutations leave them covariant.</para>
/// </remarks>
public sealed record LatticeRollRule(double TieMargin) : RollRule
{
    /// <summary>|cos| differences up to this count as ties (see remarks).</summary>
    public const double DefaultTieMargin = 1e-4;

    public override EdgeRolls ForEdges(ReadOnlySpan<double> cells, int[] edgeCrystal)
    {
        if (cells.Length % 9 != 0)
        {
            throw new ArgumentException($"LatticeRollRule: cells must be [B, 3, 3] (a multiple of 9 values), got {cells.Length}");
        }

        var sets = new RollCandidates[cells.Length / 9];
        for (var b = 0; b < sets.Length; b++)
        {
            var m = cells.Slice(9 * b, 9);
            var (a, bv, c) = (Row(m, 0), Row(m, 1), Row(m, 2));
            sets[b] = new RollCandidates(
                Unit(a, $"lattice vector a of crystal {b}"), Unit(bv, $"lattice vector b of crystal {b}"), Unit(c, $"lattice vector c of crystal {b}"),
                Unit(Cross(bv, c), $"b × c of crystal {b}"), Unit(Cross(c, a), $"c × a of crystal {b}"), Unit(Cross(a, bv), $"a × b of crystal {b}"),
                TieMargin,
                $"lattice vectors a, b, c of crystal {b}");
        }

        return EdgeRolls.PerCrystal(sets, edgeCrystal);
    }

    private static (double X, double Y, double Z) Row(ReadOnlySpan<double> cell, int row) => (cell[3 * row], cell[(3 * row) + 1], cell[(3 * row) + 2]);

    private static (double X, double Y, double Z) Cross((double X, double Y, double Z) u, (double X, double Y, double Z) v) =>
        ((u.Y * v.Z) - (u.Z * v.Y), (u.Z * v.X) - (u.X * v.Z), (u.X * v.Y) - (u.Y * v.X));

    private static (double X, double Y, double Z) Unit((double X, double Y, double Z) v, string what)
    {
        var n = Math.Sqrt((v.X * v.X) + (v.Y * v.Y) + (v.Z * v.Z));
        if (!(n > 0) || !double.IsFinite(n))
        {
            throw new ArgumentException($"LatticeRollRule: {what} is {v}, not a finite non-zero vector (degenerate cell?)");
        }

        return (v.X / n, v.Y / n, v.Z / n);
    }
}
