namespace CrystalKernels.Crystals.Matching;

/// <summary>
/// Tolerances of <see cref="StructureMatcher"/> (ecosystem.md 3.10). <see cref="Ltol"/>: fractional length tolerance;
/// <see cref="Stol"/>: site tolerance as a fraction of (V/N)^(1/3); <see cref="AngleTol"/>: degrees.
/// <see cref="PrimitiveCell"/> reduces both crystals to their primitive cells first (tolerance
/// <see cref="PrimitiveTolerance"/> Å); <see cref="Scale"/> brings both to the same volume. Species match when their
/// atomic numbers are equal. pymatgen's attempt_supercell and allow_subset are not supported (both off).
/// </summary>
public sealed record StructureMatcherSettings(
    double Ltol = 0.2,
    double Stol = 0.3,
    double AngleTol = 5,
    bool PrimitiveCell = true,
    bool Scale = true,
    double PrimitiveTolerance = Matching.PrimitiveCell.DefaultTolerance)
{
    /// <summary>pymatgen <c>StructureMatcher()</c> defaults: ltol 0.2, stol 0.3, angle_tol 5°, primitive cell, scale.</summary>
    public static StructureMatcherSettings PymatgenDefault { get; } = new();

    /// <summary>
    /// CDVAE / DiffCSP / FlowMM / CrystaLLM reconstruction match rate: <c>StructureMatcher(stol=0.5, angle_tol=10,
    /// ltol=0.3)</c> with the other defaults.
    /// </summary>
    public static StructureMatcherSettings Csp { get; } = new(Ltol: 0.3, Stol: 0.5, AngleTol: 10);

    public override string ToString() => FormattableString.Invariant(
        $"ltol={Ltol} stol={Stol} angle_tol={AngleTol} primitive_cell={(PrimitiveCell ? "true" : "false")} scale={(Scale ? "true" : "false")}");
}
