using CrystalKernels.Crystals;

namespace CrystalKernels.Training.Plots;

/// <summary>
/// Element orders for the axes of species matrices (paper Fig. 5a orders by chemical family).
/// <see cref="ChemicalFamily"/>: by group 1 → 18 (<see cref="PeriodicTable.Group"/>, lanthanides and actinides in
/// group 3), and down each group by atomic number: H, Li, Na, K, Rb, Cs, Fr, Be, Mg, ..., Ra, Sc, Y, La, Ce, ..., Lu,
/// Ac, ..., Lr, Ti, Zr, Hf, Rf, V, ..., He, Ne, Ar, Kr, Xe, Rn, Og. Hydrogen heads group 1.
/// </summary>
public static class ElementOrder
{
    public static IReadOnlyList<int> ChemicalFamily { get; } =
        Enumerable.Range(1, Elements.Count).OrderBy(PeriodicTable.Group).ThenBy(z => z).ToArray();

    /// <summary>The family order restricted to <paramref name="present"/>.</summary>
    public static IReadOnlyList<int> ChemicalFamilyOf(IEnumerable<int> present)
    {
        var set = present.ToHashSet();
        return ChemicalFamily.Where(set.Contains).ToArray();
    }
}
