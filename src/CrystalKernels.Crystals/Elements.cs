namespace CrystalKernels.Crystals;

/// <summary>The periodic table by atomic number (1..118). Per-element data (electronegativity, oxidation states,
/// radii) lives in the element table beside this file.</summary>
public static partial class Elements
{
    public const int Count = 118;

    private static readonly string[] Symbols =
    [
        "H", "He", "Li", "Be", "B", "C", "N", "O", "F", "Ne", "Na", "Mg", "Al", "Si", "P",
        "S", "Cl", "Ar", "K", "Ca", "Sc", "Ti", "V", "Cr", "Mn", "Fe", "Co", "Ni", "Cu", "Zn",
        "Ga", "Ge", "As", "Se", "Br", "Kr", "Rb", "Sr", "Y", "Zr", "Nb", "Mo", "Tc", "Ru", "Rh",
        "Pd", "Ag", "Cd", "In", "Sn", "Sb", "Te", "I", "Xe", "Cs", "Ba", "La", "Ce", "Pr", "Nd",
        "Pm", "Sm", "Eu", "Gd", "Tb", "Dy", "Ho", "Er", "Tm", "Yb", "Lu", "Hf", "Ta", "W", "Re",
        "Os", "Ir", "Pt", "Au", "Hg", "Tl", "Pb", "Bi", "Po", "At", "Rn", "Fr", "Ra", "Ac", "Th",
        "Pa", "U", "Np", "Pu", "Am", "Cm", "Bk", "Cf", "Es", "Fm", "Md", "No", "Lr", "Rf", "Db",
        "Sg", "Bh", "Hs", "Mt", "Ds", "Rg", "Cn", "Nh", "Fl", "Mc", "Lv", "Ts", "Og",
    ];

    private static readonly Dictionary<string, int> BySymbol =
        Symbols.Select((s, i) => (s, i + 1)).ToDictionary(p => p.s, p => p.Item2, StringComparer.Ordinal);

    /// <summary>Symbol of atomic number z (1..118).</summary>
    public static string Symbol(int z) =>
        z >= 1 && z <= Count ? Symbols[z - 1] : throw new ArgumentOutOfRangeException(nameof(z), $"atomic number {z} is outside 1..{Count}");

    /// <summary>Atomic number of a symbol (case as written in the periodic table, e.g. "Na"); 0 if unknown.</summary>
    public static int TryZ(string symbol) => BySymbol.TryGetValue(symbol, out var z) ? z : 0;

    /// <summary>Atomic number of a symbol; throws naming the symbol when it is not an element.</summary>
    public static int Z(string symbol) =>
        TryZ(symbol) is var z and > 0 ? z : throw new FormatException($"'{symbol}' is not an element symbol");
}
