using System.Text;

namespace CrystalKernels.Crystals.Io;

/// <summary>
/// VASP POSCAR / CONTCAR. Layout: comment; scale (one positive factor, a negative number = target cell volume in Å³,
/// or three per-axis factors); three lattice rows; species line (VASP 5, optional); counts; optional "Selective
/// dynamics" line; "Direct" or "Cartesian" (first letter C/c/K/k = Cartesian, scaled like the lattice); one line per
/// atom (selective-dynamics flags and trailing text ignored). VASP 4 files have no species line; their species come
/// from a symbol after the coordinates on every atom line, else from the comment line when it lists exactly one
/// symbol per count (pymatgen's convention), else it is an error.
/// </summary>
public static class Poscar
{
    public static Structure Read(string path) => Parse(TextFiles.ReadAll(path), path);

    public static Structure Parse(string text, string file)
    {
        var lines = text.Replace("\r", string.Empty, StringComparison.Ordinal).Split('\n');
        var ln = 0;
        string Next(string what)
        {
            while (ln < lines.Length)
            {
                var l = lines[ln++];
                if (l.Trim().Length > 0 || what == "comment")
                {
                    return l;
                }
            }

            throw new CrystalFormatException(file, Math.Max(1, lines.Length - (lines[^1].Length == 0 ? 1 : 0)), $"file ends before the {what}");
        }

        var comment = Next("comment").Trim();
        var scaleLine = Next("scale factor");
        var scaleLineNo = ln;
        var scale = Numbers(scaleLine, file, ln, "scale factor");
        if (scale.Length is not (1 or 3) || scale.Any(x => x == 0) || (scale.Length == 3 && scale.Any(x => x < 0)))
        {
            throw new CrystalFormatException(file, ln, $"scale factor line '{scaleLine.Trim()}' must hold one non-zero number or three positive ones");
        }

        var rows = new Vec3[3];
        for (var i = 0; i < 3; i++)
        {
            var v = Numbers(Next("lattice vectors"), file, ln, $"lattice vector {i + 1}");
            if (v.Length < 3)
            {
                throw new CrystalFormatException(file, ln, $"lattice vector {i + 1} needs three numbers");
            }

            rows[i] = new Vec3(v[0], v[1], v[2]);
        }

        Lattice lattice;
        try
        {
            var raw = new Lattice(rows[0], rows[1], rows[2]);
            if (scale.Length == 3)
            {
                // Per-axis factors scale the Cartesian x, y, z components.
                Vec3 S(Vec3 r) => new(r.X * scale[0], r.Y * scale[1], r.Z * scale[2]);
                lattice = new Lattice(S(rows[0]), S(rows[1]), S(rows[2]));
            }
            else
            {
                var f = scale[0] > 0 ? scale[0] : Math.Cbrt(-scale[0] / raw.Volume);
                lattice = new Lattice(f * rows[0], f * rows[1], f * rows[2]);
            }
        }
        catch (ArgumentException e)
        {
            throw new CrystalFormatException(file, scaleLineNo + 1, e.Message, e);
        }

        var cartScale = scale.Length == 3 ? new Vec3(scale[0], scale[1], scale[2])
            : scale[0] > 0 ? new Vec3(scale[0], scale[0], scale[0])
            : new Vec3(1, 1, 1) * (lattice.A.Norm / rows[0].Norm);

        var line = Next("species or counts").Trim();
        string[]? symbols = null;
        var tokens = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        if (!int.TryParse(tokens[0], out _))
        {
            symbols = tokens;
            line = Next("atom counts").Trim();
            tokens = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        }

        var countsLine = ln;
        var counts = new int[tokens.Length];
        for (var i = 0; i < tokens.Length; i++)
        {
            if (!int.TryParse(tokens[i], out counts[i]) || counts[i] < 0)
            {
                throw new CrystalFormatException(file, ln, $"atom count '{tokens[i]}' is not a non-negative integer");
            }
        }

        if (symbols is not null && symbols.Length != counts.Length)
        {
            throw new CrystalFormatException(file, ln, $"{symbols.Length} species names but {counts.Length} counts");
        }

        var mode = Next("coordinate mode").Trim();
        if (mode.Length > 0 && mode[0] is 's' or 'S')
        {
            mode = Next("coordinate mode").Trim();
        }

        var cartesian = mode.Length > 0 && mode[0] is 'c' or 'C' or 'k' or 'K';
        if (!cartesian && !(mode.Length > 0 && mode[0] is 'd' or 'D'))
        {
            throw new CrystalFormatException(file, ln, $"expected 'Direct' or 'Cartesian', found '{mode}'");
        }

        var n = counts.Sum();
        if (n == 0)
        {
            throw new CrystalFormatException(file, countsLine, "no atoms");
        }

        var positions = new Vec3[n];
        var trailing = new string?[n];
        for (var i = 0; i < n; i++)
        {
            var l = Next($"position of atom {i + 1} of {n}");
            var parts = l.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length < 3 || !CrystalNumber.TryParse(parts[0], out var x) || !CrystalNumber.TryParse(parts[1], out var y) ||
                !CrystalNumber.TryParse(parts[2], out var z))
            {
                throw new CrystalFormatException(file, ln, $"atom {i + 1}: expected three coordinates, found '{l.Trim()}'");
            }

            var v = new Vec3(x, y, z);
            positions[i] = cartesian ? lattice.ToFractional(new Vec3(v.X * cartScale.X, v.Y * cartScale.Y, v.Z * cartScale.Z)) : v;
            trailing[i] = parts.Skip(3).LastOrDefault(p => p is not ("T" or "F"));
        }

        var species = new int[n];
        if (symbols is not null)
        {
            Fill(species, counts, symbols.Select(s => SpeciesLabel.Element(s, file, countsLine - 1, "species name")).ToArray());
        }
        else if (trailing.All(t => t is not null && SpeciesLabel.TryElement(t) > 0))
        {
            for (var i = 0; i < n; i++)
            {
                species[i] = SpeciesLabel.TryElement(trailing[i]!);
            }
        }
        else
        {
            var fromComment = comment.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            if (fromComment.Length != counts.Length || fromComment.Any(s => SpeciesLabel.TryElement(s) == 0))
            {
                throw new CrystalFormatException(file, countsLine,
                    "VASP 4 file without species: no species line, no symbols after the coordinates, and the comment line does not list one element per count");
            }

            Fill(species, counts, fromComment.Select(s => SpeciesLabel.TryElement(s)).ToArray());
        }

        return Structure.FromFractional(lattice, species, positions, comment.Length > 0 ? comment : Path.GetFileName(file));
    }

    private static void Fill(int[] species, int[] counts, int[] z)
    {
        var k = 0;
        for (var g = 0; g < counts.Length; g++)
        {
            for (var j = 0; j < counts[g]; j++)
            {
                species[k++] = z[g];
            }
        }
    }

    private static double[] Numbers(string line, string file, int lineNo, string what)
    {
        var parts = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        var v = new List<double>(parts.Length);
        foreach (var p in parts)
        {
            if (!CrystalNumber.TryParse(p, out var x))
            {
                if (v.Count > 0)
                {
                    break; // trailing comment text
                }

                throw new CrystalFormatException(file, lineNo, $"{what}: '{p}' is not a number");
            }

            v.Add(x);
        }

        return v.ToArray();
    }

    public static void Write(string path, Structure s) => TextFiles.WriteAll(path, ToText(s));

    /// <summary>VASP 5 layout, scale 1, Direct coordinates; atoms grouped by species in order of first appearance.</summary>
    public static string ToText(Structure s)
    {
        if (s.Species.Any(z => z == 0))
        {
            throw new ArgumentException($"structure {s.Id}: masked sites (Z = 0) cannot be written as POSCAR");
        }

        var order = s.Species.Distinct().ToArray();
        var sb = new StringBuilder();
        sb.Append((s.Id ?? s.Formula()).Replace('\n', ' ')).Append('\n');
        sb.Append("1.0\n");
        for (var i = 0; i < 3; i++)
        {
            var v = s.Lattice[i];
            sb.Append(' ').Append(F(v.X)).Append(' ').Append(F(v.Y)).Append(' ').Append(F(v.Z)).Append('\n');
        }

        sb.Append(string.Join(" ", order.Select(Elements.Symbol))).Append('\n');
        sb.Append(string.Join(" ", order.Select(z => s.Species.Count(x => x == z)))).Append('\n');
        sb.Append("Direct\n");
        var frac = s.FractionalPositions();
        foreach (var z in order)
        {
            for (var i = 0; i < s.Count; i++)
            {
                if (s.Species[i] == z)
                {
                    sb.Append(' ').Append(F(frac[i].X)).Append(' ').Append(F(frac[i].Y)).Append(' ').Append(F(frac[i].Z))
                        .Append(' ').Append(Elements.Symbol(z)).Append('\n');
                }
            }
        }

        return sb.ToString();
    }

    private static string F(double v) => CrystalNumber.Format(v, "F16");
}
