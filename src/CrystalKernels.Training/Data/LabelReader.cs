using System.Globalization;
using System.Text.Json;
using CrystalKernels.Crystals.Io;

namespace CrystalKernels.Training.Data;

/// <summary>
/// Reads one label column from a CSV file (RFC-4180, header row; .gz allowed) or a JSON-lines file (.jsonl/.json,
/// .gz allowed). A value is a number, a boolean (true = 1, false = 0), or a JSON array of numbers of any nesting,
/// flattened row-major (a CSV cell may hold such an array as text, e.g. elastic_tensor_voigt_GPa). Every row must
/// have the same width; an empty value means "unlabelled" (sparse label columns). Errors name file, line and column.
/// </summary>
public static class LabelReader
{
    public static LabelTable Read(string path, string idColumn, string labelColumn, LabelTransform transform = LabelTransform.None)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"label file not found: {path}", path);
        }

        var name = TextFiles.NameWithoutGz(path);
        var rows = name.EndsWith(".jsonl", StringComparison.OrdinalIgnoreCase) || name.EndsWith(".json", StringComparison.OrdinalIgnoreCase)
            ? ReadJsonLines(path, idColumn, labelColumn)
            : ReadCsv(path, idColumn, labelColumn);
        return Build(path, labelColumn, transform, rows);
    }

    private static IEnumerable<(int Line, string Id, double[]? Values)> ReadCsv(string path, string idColumn, string labelColumn)
    {
        using var text = TextFiles.OpenText(path);
        var reader = new CsvRecordReader(text, path);
        var header = reader.Next() ?? throw new FormatException($"{path}: empty CSV (no header row)");
        var names = header.Fields.Select(f => f.Trim()).ToArray();
        var idCol = Column(path, names, idColumn);
        var labelCol = Column(path, names, labelColumn);
        while (reader.Next() is { } r)
        {
            if (r.Fields.Length != names.Length)
            {
                throw new FormatException($"{path}:{r.Line}: {r.Fields.Length} fields, the header has {names.Length}");
            }

            var cell = r.Fields[labelCol].Trim();
            double[]? values;
            if (cell.Length == 0)
            {
                values = null;
            }
            else if (cell.StartsWith('['))
            {
                values = ParseJsonValue(cell, path, r.FieldLines[labelCol], labelColumn);
            }
            else
            {
                values = [ParseNumber(cell, path, r.FieldLines[labelCol], labelColumn)];
            }

            yield return (r.Line, r.Fields[idCol].Trim(), values);
        }
    }

    private static IEnumerable<(int Line, string Id, double[]? Values)> ReadJsonLines(string path, string idColumn, string labelColumn)
    {
        using var text = TextFiles.OpenText(path);
        var lineNo = 0;
        while (text.ReadLine() is { } line)
        {
            lineNo++;
            if (line.Trim().Length == 0)
            {
                continue;
            }

            JsonDocument doc;
            try
            {
                doc = JsonDocument.Parse(line);
            }
            catch (JsonException e)
            {
                throw new FormatException($"{path}:{lineNo}: not valid JSON: {e.Message}", e);
            }

            using (doc)
            {
                var o = doc.RootElement;
                if (o.ValueKind != JsonValueKind.Object || !o.TryGetProperty(idColumn, out var id) || id.ValueKind != JsonValueKind.String)
                {
                    throw new FormatException($"{path}:{lineNo}: no string field '{idColumn}'");
                }

                if (!o.TryGetProperty(labelColumn, out var v))
                {
                    var fields = string.Join(", ", o.EnumerateObject().Select(p => p.Name));
                    throw new FormatException($"{path}:{lineNo}: no field '{labelColumn}' (fields: {fields})");
                }

                double[]? values = v.ValueKind is JsonValueKind.Null ? null : Flatten(v, path, lineNo, labelColumn);
                yield return (lineNo, id.GetString()!, values);
            }
        }
    }

    private static LabelTable Build(string path, string column, LabelTransform transform, IEnumerable<(int Line, string Id, double[]? Values)> rows)
    {
        var values = new Dictionary<string, double[]>(StringComparer.Ordinal);
        var firstLine = new Dictionary<string, int>(StringComparer.Ordinal);
        var order = new List<string>();
        var unlabelled = new List<string>();
        var dropped = new List<string>();
        var width = -1;
        foreach (var (line, id, v) in rows)
        {
            if (id.Length == 0)
            {
                throw new FormatException($"{path}:{line}: empty material id");
            }

            if (!firstLine.TryAdd(id, line))
            {
                throw new FormatException($"{path}:{line}: material id '{id}' appears again (first on line {firstLine[id]})");
            }

            if (v is null)
            {
                unlabelled.Add(id);
                continue;
            }

            if (width < 0)
            {
                width = v.Length;
            }
            else if (v.Length != width)
            {
                throw new FormatException($"{path}:{line}: '{column}' of '{id}' has {v.Length} values, earlier rows have {width}");
            }

            if (transform == LabelTransform.Log10)
            {
                if (v.Any(x => !(x > 0)))
                {
                    dropped.Add(id);
                    continue;
                }

                for (var i = 0; i < v.Length; i++)
                {
                    v[i] = Math.Log10(v[i]);
                }
            }

            values[id] = v;
            order.Add(id);
        }

        if (width <= 0)
        {
            throw new FormatException($"{path}: column '{column}' has no labelled row");
        }

        return new LabelTable(path, column, width, transform, values, order, unlabelled, dropped);
    }

    private static int Column(string path, string[] names, string column)
    {
        var i = Array.IndexOf(names, column);
        return i >= 0 ? i : throw new FormatException($"{path}:1: no column '{column}' (columns: {string.Join(", ", names.Where(n => n != "cif"))})");
    }

    private static double ParseNumber(string s, string path, int line, string column)
    {
        if (s is "True" or "true")
        {
            return 1;
        }

        if (s is "False" or "false")
        {
            return 0;
        }

        return double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var x) && !double.IsNaN(x) ? x
            : throw new FormatException($"{path}:{line}: '{column}' value '{(s.Length > 40 ? s[..40] + "..." : s)}' is not a number");
    }

    private static double[] ParseJsonValue(string s, string path, int line, string column)
    {
        try
        {
            using var doc = JsonDocument.Parse(s);
            return Flatten(doc.RootElement, path, line, column);
        }
        catch (JsonException e)
        {
            throw new FormatException($"{path}:{line}: '{column}' value is not a JSON array: {e.Message}", e);
        }
    }

    private static double[] Flatten(JsonElement v, string path, int line, string column)
    {
        var list = new List<double>();
        void Walk(JsonElement e)
        {
            switch (e.ValueKind)
            {
                case JsonValueKind.Array:
                    foreach (var x in e.EnumerateArray())
                    {
                        Walk(x);
                    }

                    break;
                case JsonValueKind.Number:
                    list.Add(e.GetDouble());
                    break;
                case JsonValueKind.True:
                    list.Add(1);
                    break;
                case JsonValueKind.False:
                    list.Add(0);
                    break;
                case JsonValueKind.String:
                    list.Add(ParseNumber(e.GetString()!, path, line, column));
                    break;
                default:
                    throw new FormatException($"{path}:{line}: '{column}' holds a {e.ValueKind}, expected numbers");
            }
        }

        Walk(v);
        if (list.Count == 0)
        {
            throw new FormatException($"{path}:{line}: '{column}' is an empty array");
        }

        return list.ToArray();
    }
}
