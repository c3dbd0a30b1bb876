namespace CrystalKernels.Crystals;

/// <summary>Which oxidation-state list SMACT's <c>Element.oxidation_states</c> returns.</summary>
public enum OxidationStateSet
{
    /// <summary>"SMACT14", the hand-compiled 2014 set (oxidation_states.txt): the default of SMACT &lt; 3.0, pinned
    /// by CDVAE (smact==2.2.1) and behind every published MP-20 compositional validity.</summary>
    Smact2014,

    /// <summary>ICSD 2024 filtered to &gt; 5 reports (oxidation_states_icsd24_filtered.txt): the SMACT &gt;= 3.0 default.</summary>
    Icsd24,
}

/// <summary>Per-element data (Elements.Table.g.cs, generated from SMACT's element data by tools/elements).</summary>
public static partial class Elements
{
    static Elements()
    {
        // The generated table must line up with the symbol list; a mismatch is a generator bug, caught at load.
        if (Rows.Length != Count || Rows.Where((r, i) => r.Z != i + 1).Any())
        {
            throw new InvalidOperationException($"element table has {Rows.Length} rows not in Z order 1..{Count}; regenerate Elements.Table.g.cs");
        }
    }

    /// <summary>True when SMACT 2.x/3.x has an element_data row for z (Z 1..103). SMACT cannot build an Element
    /// beyond that, so CDVAE's smact_validity raises for such compositions.</summary>
    public static bool HasSmactData(int z) => Row(z).InSmactTable;

    /// <summary>Pauling electronegativity (CRC 92nd ed. via SMACT; Am and above 1.3; Kr 3.0); null where SMACT has
    /// none (He, Ne, Ar, Pm, Rn, Lr, and Z &gt; 103).</summary>
    public static double? PaulingElectronegativity(int z) => Row(z).PaulingEneg;

    /// <summary>Covalent radius in Å (Cordero et al. 2008 via SMACT r_cov); null above Cm.</summary>
    public static double? CovalentRadius(int z) => Row(z).CovalentRadius;

    /// <summary>Oxidation states of z in ascending order; empty when the set lists none (noble gases) or lacks z.</summary>
    public static IReadOnlyList<int> OxidationStates(int z, OxidationStateSet set) =>
        (set switch
        {
            OxidationStateSet.Smact2014 => Row(z).Smact2014,
            OxidationStateSet.Icsd24 => Row(z).Icsd24,
            _ => throw new ArgumentOutOfRangeException(nameof(set), set, "unknown oxidation-state set"),
        }) ?? [];

    /// <summary>True when the set has a line for z at all (an empty line, as for He, still counts).</summary>
    public static bool ListsOxidationStates(int z, OxidationStateSet set) =>
        (set == OxidationStateSet.Smact2014 ? Row(z).Smact2014 : Row(z).Icsd24) is not null;

    /// <summary>Membership in <c>smact.metals</c> (79 symbols; Ge and Sb in, B, Si, As, Te out): the alloy shortcut of
    /// CDVAE's smact_validity.</summary>
    public static bool IsSmactMetal(int z) => Row(z).SmactMetal;

    private static ElementRow Row(int z) =>
        z >= 1 && z <= Count ? Rows[z - 1] : throw new ArgumentOutOfRangeException(nameof(z), $"atomic number {z} is outside 1..{Count}");

    private sealed record ElementRow(
        int Z,
        bool InSmactTable,
        double? PaulingEneg,
        double? CovalentRadius,
        int[]? Smact2014,
        int[]? Icsd24,
        bool SmactMetal);
}
