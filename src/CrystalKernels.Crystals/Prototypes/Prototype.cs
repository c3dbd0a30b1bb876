namespace CrystalKernels.Crystals.Prototypes;

/// <summary>
/// A crystal prototype: a cell shape (lattice vectors for a unit length scale), sites in fractional coordinates with a
/// role (0 = A, 1 = B, 2 = X, ...) and the charge patterns that make it charge balanced, one charge per role.
/// The cell is scaled later so that the shortest cation-anion distance equals the sum of covalent radii.
/// </summary>
public sealed record Prototype(string Name, string Example, Lattice UnitCell, (int Role, Vec3 Frac)[] Sites, int[][] ChargePatterns)
{
    public int RoleCount => Sites.Max(s => s.Role) + 1;

    /// <summary>Roles with a negative charge in a pattern are anions; the rest are cations (or neutral metals).</summary>
    public static bool IsAnion(int charge) => charge < 0;
}
