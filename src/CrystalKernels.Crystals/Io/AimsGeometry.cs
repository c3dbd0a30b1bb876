using System.Text;

namespace CrystalKernels.Crystals.Io;

/// <summary>
/// FHI-aims geometry.in: three "lattice_vector x y z" lines (Å) and one "atom x y z Sym" (Cartesian, Å) or
/// "atom_frac u v w Sym" line per atom; '#' starts a comment; other keywords (initial_moment, constrain_relaxation,
/// ...) are skipped. The writer emits atom_frac by default, atom with <c>cartesian: true</c>.
/// </summary>
public static class AimsGeometry
{
    public static Structure Read(string path) => Parse(TextFiles.ReadAll(path), path);

    public static Structure Parse(string text, string file)
    {
        var lines = text.Replace("\r", string.Empty, StringComparison.Ordinal).Split('\n');
        var vectors = new List<Vec3>();
        var atoms = new List<(int Z, Vec3 V, bool Frac)>();
        var firstAtomLine = 0;
        for (var i = 0; i < lines.Length; i++)
        {
            var l = lines[i];
            var hash = l.IndexOf('#');
            if (hash >= 0)
            {
                l = l[..hash];
            }

            var p = l.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            if (p.Length == 0)
            {
                continue;
            }

            var key = p[0].ToLowerInvariant();
            if (key is "lattice_vector" or "atom" or "atom_frac")
            {
                var need = key == "lattice_vector" ? 4 : 5;
                if (p.Length < need)
                {
                    throw new CrystalFormatException(file, i + 1, $"{key} needs {need - 1} values");
                }

                var v = new Vec3(
                    CrystalNumber.Parse(p[1], file, i + 1, key),
                    CrystalNumber.Parse(p[2], file, i + 1, key),
                    CrystalNumber.Parse(p[3], file, i + 1, key));
                if (key == "lattice_vector")
                {
                    vectors.Add(v);
                }
                else
                {
                    firstAtomLine = firstAtomLine == 0 ? i + 1 : firstAtomLine;
                    atoms.Add((SpeciesLabel.Element(p[4], file, i + 1, "species"), v, key == "atom_frac"));
                }
            }
        }

        if (vectors.Count != 3)
        {
            throw new CrystalFormatException(file, Math.Max(1, firstAtomLine), $"found {vectors.Count} lattice_vector lines, need 3 (a periodic cell)");
        }

        if (atoms.Count == 0)
        {
            throw new CrystalFormatException(file, lines.Length, "no atom or atom_frac lines");
        }

        Lattice lattice;
        try
        {
            lattice = new Lattice(vectors[0], vectors[1], vectors[2]);
        }
        catch (ArgumentException e)
        {
            throw new CrystalFormatException(file, 1, e.Message, e);
        }

        return new Structure(lattice, atoms.Select(a => a.Z).ToArray(),
            atoms.Select(a => a.Frac ? lattice.ToCartesian(a.V) : a.V).ToArray(), Path.GetFileName(file));
    }

    public static void Write(string path, Structure s, bool cartesian = false) => TextFiles.WriteAll(path, ToText(s, cartesian));

    public static string ToText(Structure s, bool cartesian = false)
    {
        var sb = new StringBuilder();
        sb.Append("# ").Append((s.Id ?? s.Formula()).Replace('\n', ' ')).Append(" (written by CrystalKernels)\n");
        for (var i = 0; i < 3; i++)
        {
            var v = s.Lattice[i];
            sb.Append("lattice_vector ").Append(R(v.X)).Append(' ').Append(R(v.Y)).Append(' ').Append(R(v.Z)).Append('\n');
        }

        var frac = cartesian ? s.Positions : s.FractionalPositions();
        for (var i = 0; i < s.Count; i++)
        {
            if (s.Species[i] == 0)
            {
                throw new ArgumentException($"structure {s.Id}: masked sites (Z = 0) cannot be written as geometry.in");
            }

            var v = frac[i];
            sb.Append(cartesian ? "atom " : "atom_frac ").Append(R(v.X)).Append(' ').Append(R(v.Y)).Append(' ').Append(R(v.Z))
                .Append(' ').Append(Elements.Symbol(s.Species[i])).Append('\n');
        }

        return sb.ToString();
    }

    private static string R(double v) => CrystalNumber.Format(v, "R");
}
