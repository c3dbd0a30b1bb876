namespace CrystalKernels.Equivariant.Frames;

/// <summary>
/// How each edge frame picks its roll vector (the rotation about the edge axis, paper-spec §3.5 step 2). The truncated
/// model (mmax &lt; lmax, 5-azimuth attention grid) is not roll-invariant (§3.5 item 7), so the rule decides whether the
/// model is exactly rotation-equivariant:
/// <list type="bullet">
/// <item><see cref="Fixed"/>: one global vector v and its 90° copies (v, v_b, v_c), the reference's recipe with a fixed
/// draw. Frames do not turn with the crystal: equivariant only to the roll-noise level (~1e-4).</item>
/// <item><see cref="Lattice"/>: the unit lattice vectors (â, b̂, ĉ) of the edge's crystal. They rotate with the crystal,
/// so R_e(Q·crystal) = R_e(crystal)·Qᵀ and the whole model is equivariant up to rounding.</item>
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
/// Roll candidates (â, b̂, ĉ) of the edge's crystal with the reference's selection order and a tie margin
/// (see <see cref="RollCandidates"/>).
/// </summary>
/// <remarks>
/// <para>Why a margin: symmetric crystals have exact ties (a cubic cell and an edge along (1,1,1) give
/// |â·x̂| = |b̂·x̂| = |ĉ·x̂|). The reference's strict comparison then decides on rounding noise, which differs between a
/// crystal and its rotated copy, and a different branch means a different roll (~1e-4 output change). With a margin,
/// differences below it never switch, so ties resolve by the lattice order a, b, c, which rotation does not change.
/// The margin sits well above float32 direction noise (~1e-6 for edges ≥ 0.5 Å in cells ≤ 50 Å) and well below the
/// gaps between distinct |cos| values of real crystals.</para>
/// <para>Why the 0.99 assertion cannot fire on reduced cells: for any unit x̂, Σᵢ (âᵢ·x̂)² ≤ λ_max(G), G the Gram matrix
/// of (â, b̂, ĉ), so the rule's pick (within 2·margin of the smallest) has |s·x̂| ≤ √(λ_max(G)/3) + 2·margin. Gershgorin
/// gives λ_max ≤ 1 + max_i Σ_{j≠i} |cos θ_ij|; a Niggli/Buerger-reduced cell has |cos θ| ≤ 1/2, so λ_max ≤ 2 and
/// |s·x̂| ≤ √(2/3) ≈ 0.8165 (attained by the 60° rhombohedral cell along (1,1,1)). It can fire only for very flat or
/// needle-like unreduced cells (λ_max ≥ 2.94), and then throws naming the crystal: reduce the cell.</para>
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
            sets[b] = new RollCandidates(Unit(m, 0, b), Unit(m, 1, b), Unit(m, 2, b), TieMargin, $"lattice vectors a, b, c of crystal {b}");
        }

        return EdgeRolls.PerCrystal(sets, edgeCrystal);
    }

    private static (double X, double Y, double Z) Unit(ReadOnlySpan<double> cell, int row, int crystal)
    {
        var (x, y, z) = (cell[3 * row], cell[(3 * row) + 1], cell[(3 * row) + 2]);
        var n = Math.Sqrt((x * x) + (y * y) + (z * z));
        if (!(n > 0) || !double.IsFinite(n))
        {
            throw new ArgumentException($"LatticeRollRule: lattice vector {"abc"[row]} of crystal {crystal} is ({x}, {y}, {z}), not a finite non-zero vector");
        }

        return (x / n, y / n, z / n);
    }
}
