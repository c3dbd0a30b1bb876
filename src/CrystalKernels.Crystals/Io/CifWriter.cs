using System.Text;

namespace CrystalKernels.Crystals.Io;

/// <summary>
/// Writes structures as P 1 CIF in the layout of pymatgen's CifWriter (symmetry loop with 'x, y, z', then an
/// _atom_site loop with type symbol, label, multiplicity, fractional x y z and occupancy). Several structures become
/// several data blocks. Coordinates and cell use 10 decimals, so a write/read round trip is exact to ~1e-9 Å.
/// The cell is written as lengths and angles, so a reader re-orients it (a ∥ x, b in the xy-plane).
/// </summary>
public static class CifWriter
{
    public static void Write(string path, IEnumerable<Structure> structures) => TextFiles.WriteAll(path, ToText(structures));

    public static string ToText(IEnumerable<Structure> structures)
    {
        var sb = new StringBuilder();
        foreach (var s in structures)
        {
            Append(sb, s);
        }

        return sb.ToString();
    }

    public static string ToText(Structure s) => ToText([s]);

    private static void Append(StringBuilder sb, Structure s)
    {
        var formula = ReducedFormula(s);
        var p = s.Lattice.Parameters;
        sb.Append("# generated using CrystalKernels\n");
        sb.Append("data_").Append(BlockName(s.Id ?? formula.Replace(" ", string.Empty, StringComparison.Ordinal))).Append('\n');
        sb.Append("_symmetry_space_group_name_H-M   'P 1'\n");
        Item(sb, "_cell_length_a", p.A);
        Item(sb, "_cell_length_b", p.B);
        Item(sb, "_cell_length_c", p.C);
        Item(sb, "_cell_angle_alpha", p.Alpha);
        Item(sb, "_cell_angle_beta", p.Beta);
        Item(sb, "_cell_angle_gamma", p.Gamma);
        sb.Append("_symmetry_Int_Tables_number   1\n");
        sb.Append("_chemical_formula_sum   '").Append(formula).Append("'\n");
        Item(sb, "_cell_volume", s.Lattice.Volume);
        sb.Append("loop_\n _symmetry_equiv_pos_site_id\n _symmetry_equiv_pos_as_xyz\n  1  'x, y, z'\n");
        sb.Append("loop_\n _atom_site_type_symbol\n _atom_site_label\n _atom_site_symmetry_multiplicity\n");
        sb.Append(" _atom_site_fract_x\n _atom_site_fract_y\n _atom_site_fract_z\n _atom_site_occupancy\n");
        var frac = s.FractionalPositions();
        for (var i = 0; i < s.Count; i++)
        {
            if (s.Species[i] == 0)
            {
                throw new ArgumentException($"structure {s.Id}: site {i} is masked (Z = 0) and cannot be written as CIF");
            }

            var sym = Elements.Symbol(s.Species[i]);
            sb.Append("  ").Append(sym).Append("  ").Append(sym).Append(i).Append("  1  ")
                .Append(CrystalNumber.Format(frac[i].X, "F10")).Append("  ")
                .Append(CrystalNumber.Format(frac[i].Y, "F10")).Append("  ")
                .Append(CrystalNumber.Format(frac[i].Z, "F10")).Append("  1\n");
        }
    }

    private static void Item(StringBuilder sb, string tag, double v) =>
        sb.Append(tag).Append("   ").Append(CrystalNumber.Format(v, "F10")).Append('\n');

    /// <summary>Block names cannot contain white space.</summary>
    private static string BlockName(string id)
    {
        var name = new string(id.Select(c => char.IsWhiteSpace(c) ? '_' : c).ToArray());
        return name.Length == 0 ? "structure" : name;
    }

    /// <summary>"Na4 Cl4" style sum in order of first appearance, as pymatgen's _chemical_formula_sum lists it.</summary>
    internal static string ReducedFormula(Structure s) =>
        string.Join(" ", s.Species.Where(z => z > 0).GroupBy(z => z).Select(g => Elements.Symbol(g.Key) + g.Count()));
}
