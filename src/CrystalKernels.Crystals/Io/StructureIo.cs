namespace CrystalKernels.Crystals.Io;

public enum StructureFormat
{
    Cif,
    Poscar,
    ExtXyz,
    PymatgenJson,
    AimsGeometry,
    CsvDataset,
    PhononJsonl,
}

/// <summary>
/// Reads and writes structures by file name (a trailing .gz is decompressed / compressed transparently):
/// .cif; POSCAR*, CONTCAR*, .vasp, .poscar; .xyz, .extxyz; .json (pymatgen); geometry.in, .in (FHI-aims);
/// .csv (dataset with a cif column; read only); .jsonl (phonon set; read only).
/// Writing several structures: CIF (data blocks), extended XYZ (frames) and JSON (array) hold them in one file;
/// POSCAR and geometry.in hold one, so <see cref="Write"/> refuses several and callers split
/// (see <see cref="PerStructurePath"/>).
/// </summary>
public static class StructureIo
{
    public static StructureFormat Detect(string path)
    {
        var name = TextFiles.NameWithoutGz(path);
        var lower = name.ToLowerInvariant();
        var ext = Path.GetExtension(lower);
        if (lower.StartsWith("poscar", StringComparison.Ordinal) || lower.StartsWith("contcar", StringComparison.Ordinal) || ext is ".vasp" or ".poscar")
        {
            return StructureFormat.Poscar;
        }

        return ext switch
        {
            ".cif" => StructureFormat.Cif,
            ".xyz" or ".extxyz" => StructureFormat.ExtXyz,
            ".json" => StructureFormat.PymatgenJson,
            ".in" => StructureFormat.AimsGeometry,
            ".csv" => StructureFormat.CsvDataset,
            ".jsonl" => StructureFormat.PhononJsonl,
            _ => lower == "geometry.in" ? StructureFormat.AimsGeometry
                : throw new ArgumentException($"cannot tell the structure format of '{name}' from its name (expected .cif, POSCAR/CONTCAR/.vasp/.poscar, .xyz/.extxyz, .json, geometry.in/.in, .csv, .jsonl)"),
        };
    }

    public static bool HoldsMany(StructureFormat f) => f is not (StructureFormat.Poscar or StructureFormat.AimsGeometry);

    /// <summary>
    /// Every structure in the file. For a CSV dataset, bad rows are skipped and reported to <paramref name="onError"/>
    /// (id and reason); other formats throw <see cref="CrystalFormatException"/>.
    /// </summary>
    public static IReadOnlyList<Structure> Read(string path, CifReadOptions? options = null, Action<string>? onError = null)
    {
        options ??= CifReadOptions.Default;
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"structure file not found: {path}", path);
        }

        switch (Detect(path))
        {
            case StructureFormat.Cif:
                return CifReader.Read(path, options);
            case StructureFormat.Poscar:
                return [Poscar.Read(path)];
            case StructureFormat.ExtXyz:
                return ExtXyz.Read(path);
            case StructureFormat.PymatgenJson:
                return PymatgenJson.Read(path, options.MajoritySpecies);
            case StructureFormat.AimsGeometry:
                return [AimsGeometry.Read(path)];
            case StructureFormat.PhononJsonl:
                return PhononJsonl.Read(path).Select(r => r.Structure).ToList();
            case StructureFormat.CsvDataset:
                var list = new List<Structure>();
                foreach (var e in CsvDataset.Read(path, new CsvDatasetOptions { Cif = options }))
                {
                    if (e.Structure is { } s)
                    {
                        list.Add(s);
                    }
                    else
                    {
                        onError?.Invoke(e.Error!);
                    }
                }

                return list;
            default:
                throw new InvalidOperationException("unreachable");
        }
    }

    public static void Write(string path, IReadOnlyList<Structure> structures)
    {
        if (structures.Count == 0)
        {
            throw new ArgumentException($"no structures to write to {path}");
        }

        var f = Detect(path);
        if (!HoldsMany(f) && structures.Count != 1)
        {
            throw new ArgumentException($"{f} holds one structure but {structures.Count} were given for {path}; write one file each (StructureIo.PerStructurePath)");
        }

        switch (f)
        {
            case StructureFormat.Cif:
                CifWriter.Write(path, structures);
                break;
            case StructureFormat.Poscar:
                Poscar.Write(path, structures[0]);
                break;
            case StructureFormat.ExtXyz:
                ExtXyz.Write(path, structures);
                break;
            case StructureFormat.PymatgenJson:
                PymatgenJson.Write(path, structures);
                break;
            case StructureFormat.AimsGeometry:
                AimsGeometry.Write(path, structures[0]);
                break;
            default:
                throw new ArgumentException($"{f} is read-only; write .cif, POSCAR, .xyz/.extxyz, .json or geometry.in");
        }
    }

    /// <summary>
    /// The file for structure <paramref name="index"/> when a single-structure format receives several:
    /// "out/POSCAR" → "out/POSCAR_mp-1234", "out/x.vasp" → "out/x_mp-1234.vasp", "geometry.in" → "geometry_mp-1234.in" (the id with characters unsafe in
    /// file names replaced by '_'; the 0-based index when there is no id).
    /// </summary>
    public static string PerStructurePath(string path, Structure s, int index)
    {
        var tag = s.Id is { Length: > 0 } id ? new string(id.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '.' ? c : '_').ToArray()) : index.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var dir = Path.GetDirectoryName(path) ?? string.Empty;
        var name = Path.GetFileName(path);
        var gz = TextFiles.IsGzip(name) ? ".gz" : string.Empty;
        name = TextFiles.NameWithoutGz(name);
        var lower = name.ToLowerInvariant();
        var ext = lower.StartsWith("poscar", StringComparison.Ordinal) || lower.StartsWith("contcar", StringComparison.Ordinal)
            ? string.Empty
            : Path.GetExtension(name);
        var stem = ext.Length > 0 ? name[..^ext.Length] : name;
        return Path.Combine(dir, $"{stem}_{tag}{ext}{gz}");
    }
}
