using System.Text;

namespace CrystalKernels.Crystals.Io;

/// <summary>One extended-XYZ frame: the structure and the comment-line key=value pairs (energy, pbc, ...).</summary>
public sealed record ExtXyzFrame(Structure Structure, IReadOnlyDictionary<string, string> Info);

/// <summary>
/// Extended XYZ (ASE / MatterGen / MACE): frames concatenated; each frame is an atom count, a comment line of
/// key=value pairs (values may be "double quoted"), then one line per atom. Lattice="a1x a1y a1z a2x ... a3z" is
/// required (a crystal needs a cell). Properties=name:type:count:... names the columns (default species:S:1:pos:R:3);
/// species may be a symbol column (S) or an atomic-number column ("Z:I:1" or "numbers:I:1"); columns other than
/// species and pos are skipped. The writer emits Lattice, Properties=species:S:1:pos:R:3, pbc="T T T" and the id as
/// id="...", which the reader restores as <see cref="Structure.Id"/>.
/// </summary>
public static class ExtXyz
{
    public static IReadOnlyList<Structure> Read(string path) => ReadFrames(path).Select(f => f.Structure).ToList();

    public static IReadOnlyList<ExtXyzFrame> ReadFrames(string path) => ParseFrames(TextFiles.ReadAll(path), path);

    public static IReadOnlyList<ExtXyzFrame> ParseFrames(string text, string file)
    {
        var lines = text.Replace("\r", string.Empty, StringComparison.Ordinal).Split('\n');
        var frames = new List<ExtXyzFrame>();
        var ln = 0;
        while (true)
        {
            while (ln < lines.Length && lines[ln].Trim().Length == 0)
            {
                ln++;
            }

            if (ln >= lines.Length)
            {
                break;
            }

            var countLine = ln + 1;
            if (!int.TryParse(lines[ln].Trim(), out var n) || n <= 0)
            {
                throw new CrystalFormatException(file, countLine, $"expected a positive atom count, found '{lines[ln].Trim()}'");
            }

            if (ln + 1 >= lines.Length)
            {
                throw new CrystalFormatException(file, countLine, "file ends before the comment line");
            }

            var info = ParseInfo(lines[ln + 1], file, countLine + 1);
            var lattice = ParseLattice(info, file, countLine + 1);
            var (speciesCol, speciesIsZ, posCol, width) = ParseProperties(info, file, countLine + 1);
            var species = new int[n];
            var pos = new Vec3[n];
            for (var i = 0; i < n; i++)
            {
                var lineNo = countLine + 2 + i;
                if (ln + 2 + i >= lines.Length || lines[ln + 2 + i].Trim().Length == 0)
                {
                    throw new CrystalFormatException(file, lineNo, $"atom {i + 1} of {n} is missing (frame starts at line {countLine})");
                }

                var parts = lines[ln + 2 + i].Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
                if (parts.Length < width)
                {
                    throw new CrystalFormatException(file, lineNo, $"atom line has {parts.Length} columns, Properties needs {width}");
                }

                if (speciesIsZ)
                {
                    if (!int.TryParse(parts[speciesCol], out species[i]) || species[i] < 1 || species[i] > Elements.Count)
                    {
                        throw new CrystalFormatException(file, lineNo, $"atomic number '{parts[speciesCol]}' is not in 1..{Elements.Count}");
                    }
                }
                else
                {
                    species[i] = SpeciesLabel.Element(parts[speciesCol], file, lineNo, "species");
                }

                pos[i] = new Vec3(
                    CrystalNumber.Parse(parts[posCol], file, lineNo, "x"),
                    CrystalNumber.Parse(parts[posCol + 1], file, lineNo, "y"),
                    CrystalNumber.Parse(parts[posCol + 2], file, lineNo, "z"));
            }

            var id = info.TryGetValue("id", out var idv) ? idv : $"{Path.GetFileName(file)}#{frames.Count}";
            frames.Add(new ExtXyzFrame(new Structure(lattice, species, pos, id), info));
            ln += 2 + n;
        }

        if (frames.Count == 0)
        {
            throw new CrystalFormatException(file, 1, "no frames");
        }

        return frames;
    }

    private static Dictionary<string, string> ParseInfo(string line, string file, int lineNo)
    {
        var info = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var p = 0;
        while (p < line.Length)
        {
            while (p < line.Length && char.IsWhiteSpace(line[p]))
            {
                p++;
            }

            if (p >= line.Length)
            {
                break;
            }

            var k0 = p;
            while (p < line.Length && line[p] != '=' && !char.IsWhiteSpace(line[p]))
            {
                p++;
            }

            var key = line[k0..p];
            if (p >= line.Length || line[p] != '=')
            {
                info[key] = "T"; // a bare key is a true flag in ASE's reader
                continue;
            }

            p++;
            string value;
            if (p < line.Length && line[p] is '"' or '\'')
            {
                var q = line[p];
                var end = line.IndexOf(q, p + 1);
                if (end < 0)
                {
                    throw new CrystalFormatException(file, lineNo, $"unterminated quote in value of '{key}'");
                }

                value = line[(p + 1)..end];
                p = end + 1;
            }
            else
            {
                var v0 = p;
                while (p < line.Length && !char.IsWhiteSpace(line[p]))
                {
                    p++;
                }

                value = line[v0..p];
            }

            info[key] = value;
        }

        return info;
    }

    private static Lattice ParseLattice(Dictionary<string, string> info, string file, int lineNo)
    {
        if (!info.TryGetValue("Lattice", out var text))
        {
            throw new CrystalFormatException(file, lineNo, "comment line has no Lattice=\"...\" (a periodic cell is required)");
        }

        var parts = text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length != 9)
        {
            throw new CrystalFormatException(file, lineNo, $"Lattice has {parts.Length} numbers, expected 9");
        }

        var m = parts.Select(x => CrystalNumber.Parse(x, file, lineNo, "Lattice")).ToArray();
        try
        {
            return Lattice.FromRowMajor(m);
        }
        catch (ArgumentException e)
        {
            throw new CrystalFormatException(file, lineNo, e.Message, e);
        }
    }

    private static (int SpeciesCol, bool SpeciesIsZ, int PosCol, int Width) ParseProperties(Dictionary<string, string> info, string file, int lineNo)
    {
        var props = info.TryGetValue("Properties", out var p) ? p : "species:S:1:pos:R:3";
        var f = props.Split(':');
        if (f.Length % 3 != 0)
        {
            throw new CrystalFormatException(file, lineNo, $"Properties '{props}' is not a list of name:type:count triples");
        }

        int speciesCol = -1, posCol = -1, col = 0;
        var isZ = false;
        for (var i = 0; i < f.Length; i += 3)
        {
            if (!int.TryParse(f[i + 2], out var cnt) || cnt < 1)
            {
                throw new CrystalFormatException(file, lineNo, $"Properties entry '{f[i]}' has count '{f[i + 2]}'");
            }

            var name = f[i].ToLowerInvariant();
            if (name == "species" || ((name is "z" or "numbers") && speciesCol < 0))
            {
                speciesCol = col;
                isZ = f[i + 1] is "I" or "i";
            }
            else if (name == "pos" && cnt == 3)
            {
                posCol = col;
            }

            col += cnt;
        }

        if (speciesCol < 0 || posCol < 0)
        {
            throw new CrystalFormatException(file, lineNo, $"Properties '{props}' lacks species:S:1 or pos:R:3");
        }

        return (speciesCol, isZ, posCol, col);
    }

    public static void Write(string path, IEnumerable<Structure> structures) => TextFiles.WriteAll(path, ToText(structures));

    public static string ToText(IEnumerable<Structure> structures)
    {
        var sb = new StringBuilder();
        foreach (var s in structures)
        {
            if (s.Species.Any(z => z == 0))
            {
                throw new ArgumentException($"structure {s.Id}: masked sites (Z = 0) cannot be written as extended XYZ");
            }

            sb.Append(s.Count).Append('\n');
            sb.Append("Lattice=\"").Append(string.Join(" ", s.Lattice.ToRowMajor().Select(R))).Append("\" ");
            sb.Append("Properties=species:S:1:pos:R:3");
            if (s.Id is { } id)
            {
                sb.Append(" id=\"").Append(id.Replace('"', '\'')).Append('"');
            }

            sb.Append(" pbc=\"T T T\"\n");
            for (var i = 0; i < s.Count; i++)
            {
                var v = s.Positions[i];
                sb.Append(Elements.Symbol(s.Species[i])).Append(' ').Append(R(v.X)).Append(' ').Append(R(v.Y)).Append(' ').Append(R(v.Z)).Append('\n');
            }
        }

        return sb.ToString();
    }

    // Shortest round-trip representation: write/read is exact.
    private static string R(double v) => CrystalNumber.Format(v, "R");
}
