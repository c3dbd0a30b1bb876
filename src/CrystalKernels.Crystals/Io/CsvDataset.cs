namespace CrystalKernels.Crystals.Io;

/// <summary>A dataset row: position, file line, material id and every non-CIF column as a string.</summary>
public sealed record DatasetRow(int Index, int Line, string Id, IReadOnlyDictionary<string, string> Properties);

/// <summary>A row with its structure, or the reason it could not be read (then <see cref="Structure"/> is null).</summary>
public sealed record DatasetEntry(DatasetRow Row, Structure? Structure, string? Error)
{
    public bool Ok => Structure is not null;
}

public sealed record CsvDatasetOptions
{
    public static CsvDatasetOptions Default { get; } = new();

    public CifReadOptions Cif { get; init; } = CifReadOptions.Default;

    public string CifColumn { get; init; } = "cif";

    /// <summary>Id column; when absent the id is "row N".</summary>
    public string IdColumn { get; init; } = "material_id";

    /// <summary>Rows parsed together; each batch is parsed in parallel and yielded in file order.</summary>
    public int BatchSize { get; init; } = 512;

    public bool Parallel { get; init; } = true;
}

/// <summary>
/// MP-20 / CDVAE-style dataset CSV (.csv or .csv.gz): a header row, a CIF column holding one P1 CIF per row as a
/// quoted multi-line field, an id column, and other columns kept as string properties. Enumeration streams: one bad
/// row yields an entry with its id and reason (the CIF line is mapped to the file line) and the rest continue.
/// Only a broken file (no header, no CIF column, unclosed quote) throws.
/// </summary>
public static class CsvDataset
{
    public static IEnumerable<DatasetEntry> Read(string path, CsvDatasetOptions? options = null)
    {
        options ??= CsvDatasetOptions.Default;
        using var text = TextFiles.OpenText(path);
        foreach (var e in Read(text, path, options))
        {
            yield return e;
        }
    }

    public static IEnumerable<DatasetEntry> Read(TextReader text, string file, CsvDatasetOptions options)
    {
        var reader = new CsvRecordReader(text, file);
        var header = reader.Next() ?? throw new CrystalFormatException(file, 1, "empty CSV (no header row)");
        var names = header.Fields.Select(f => f.Trim()).ToArray();
        var cifCol = Array.IndexOf(names, options.CifColumn);
        if (cifCol < 0)
        {
            throw new CrystalFormatException(file, 1, $"no '{options.CifColumn}' column in header ({string.Join(",", names)})");
        }

        var idCol = Array.IndexOf(names, options.IdColumn);
        var batch = new List<CsvRecord>(options.BatchSize);
        var index = 0;
        while (true)
        {
            batch.Clear();
            while (batch.Count < options.BatchSize && reader.Next() is { } r)
            {
                batch.Add(r);
            }

            if (batch.Count == 0)
            {
                yield break;
            }

            var results = new DatasetEntry[batch.Count];
            var first = index;
            if (options.Parallel && batch.Count > 1)
            {
                System.Threading.Tasks.Parallel.For(0, batch.Count, i => results[i] = Parse(batch[i], first + i));
            }
            else
            {
                for (var i = 0; i < batch.Count; i++)
                {
                    results[i] = Parse(batch[i], first + i);
                }
            }

            index += batch.Count;
            foreach (var e in results)
            {
                yield return e;
            }
        }

        DatasetEntry Parse(CsvRecord r, int i)
        {
            var id = idCol >= 0 && idCol < r.Fields.Length && r.Fields[idCol].Length > 0 ? r.Fields[idCol] : $"row {i + 1}";
            var props = new Dictionary<string, string>(names.Length, StringComparer.Ordinal);
            for (var k = 0; k < names.Length && k < r.Fields.Length; k++)
            {
                if (k != cifCol)
                {
                    props[names[k]] = r.Fields[k];
                }
            }

            var row = new DatasetRow(i, r.Line, id, props);
            if (r.Fields.Length != names.Length)
            {
                return new DatasetEntry(row, null, $"{file}:{r.Line}: row {id} has {r.Fields.Length} fields, header has {names.Length}");
            }

            try
            {
                var s = CifReader.ParseSingle(r.Fields[cifCol], $"{file} row {id} cif", options.Cif);
                return new DatasetEntry(row, s.With(id: id), null);
            }
            catch (CrystalFormatException e)
            {
                // CIF line n of a field that starts on file line L is file line L + n - 1.
                return new DatasetEntry(row, null, $"{file}:{r.FieldLines[cifCol] + e.Line - 1}: row {id}: {e.Reason}");
            }
        }
    }
}
