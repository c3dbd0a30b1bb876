using System.Text;
using System.Text.Json;

namespace CrystalKernels.Crystals.Io;

/// <summary>
/// pymatgen <c>Structure.as_dict()</c> JSON: lattice.matrix (rows = lattice vectors, Å, kept as written: pymatgen's
/// orientation is not re-oriented here; use <see cref="Lattice.Standardized"/> for a ∥ x), sites[].species[].element
/// (oxidation suffixes ignored), sites[].abc (fractional) or else sites[].xyz (Cartesian). Accepted documents: one
/// Structure, a ComputedStructureEntry (its "structure"), or a JSON array of either. A site with several species or
/// occupancy below 1 is an error unless majority species is requested (largest occupancy wins).
/// JSON syntax errors carry the parser's line; structural problems name the array entry and site, reported at line 1
/// because the document model keeps no positions.
/// </summary>
public static class PymatgenJson
{
    public static IReadOnlyList<Structure> Read(string path, bool majoritySpecies = false) =>
        Parse(TextFiles.ReadAll(path), path, majoritySpecies);

    public static IReadOnlyList<Structure> Parse(string text, string file, bool majoritySpecies = false)
    {
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(text, new JsonDocumentOptions { AllowTrailingCommas = true });
        }
        catch (JsonException e)
        {
            throw new CrystalFormatException(file, (int)(e.LineNumber ?? 0) + 1, $"invalid JSON: {e.Message}", e);
        }

        using (doc)
        {
            var root = doc.RootElement;
            if (root.ValueKind == JsonValueKind.Array)
            {
                var list = new List<Structure>(root.GetArrayLength());
                var i = 0;
                foreach (var e in root.EnumerateArray())
                {
                    list.Add(FromObject(e, file, $"entry {i}", majoritySpecies, $"{Path.GetFileName(file)}#{i}"));
                    i++;
                }

                return list.Count > 0 ? list : throw new CrystalFormatException(file, 1, "empty JSON array");
            }

            return [FromObject(root, file, "document", majoritySpecies, Path.GetFileName(file))];
        }
    }

    private static Structure FromObject(JsonElement e, string file, string where, bool majority, string fallbackId)
    {
        if (e.ValueKind != JsonValueKind.Object)
        {
            throw Error(file, where, $"is a JSON {e.ValueKind}, not an object");
        }

        var id = e.TryGetProperty("entry_id", out var eid) && eid.ValueKind == JsonValueKind.String ? eid.GetString() : null;
        if (!e.TryGetProperty("lattice", out _) && e.TryGetProperty("structure", out var inner))
        {
            return FromObject(inner, file, where + ".structure", majority, id ?? fallbackId);
        }

        if (!e.TryGetProperty("lattice", out var lat) || lat.ValueKind != JsonValueKind.Object || !lat.TryGetProperty("matrix", out var matrix))
        {
            var cls = e.TryGetProperty("@class", out var c) ? $" (@class {c})" : string.Empty;
            throw Error(file, where, $"has no lattice.matrix and no structure{cls}: not a pymatgen Structure");
        }

        var m = Matrix(matrix, file, where);
        Lattice lattice;
        try
        {
            lattice = Lattice.FromRowMajor(m);
        }
        catch (ArgumentException ex)
        {
            throw Error(file, where, ex.Message);
        }

        if (!e.TryGetProperty("sites", out var sites) || sites.ValueKind != JsonValueKind.Array || sites.GetArrayLength() == 0)
        {
            throw Error(file, where, "has no sites");
        }

        var species = new List<int>();
        var pos = new List<Vec3>();
        var k = 0;
        foreach (var site in sites.EnumerateArray())
        {
            var sw = $"{where} site {k++}";
            var z = SiteSpecies(site, file, sw, majority);
            if (z == 0)
            {
                continue; // majority is vacancy
            }

            species.Add(z);
            if (site.TryGetProperty("abc", out var abc))
            {
                pos.Add(lattice.ToCartesian(Vector(abc, file, sw + " abc")));
            }
            else if (site.TryGetProperty("xyz", out var xyz))
            {
                pos.Add(Vector(xyz, file, sw + " xyz"));
            }
            else
            {
                throw Error(file, sw, "has neither abc nor xyz");
            }
        }

        return new Structure(lattice, species.ToArray(), pos.ToArray(), id ?? fallbackId);
    }

    private static int SiteSpecies(JsonElement site, string file, string where, bool majority)
    {
        if (!site.TryGetProperty("species", out var sp) || sp.ValueKind != JsonValueKind.Array || sp.GetArrayLength() == 0)
        {
            throw Error(file, where, "has no species list");
        }

        var (bestZ, bestOcc, total) = (0, -1.0, 0.0);
        foreach (var s in sp.EnumerateArray())
        {
            var el = s.TryGetProperty("element", out var elv) && elv.ValueKind == JsonValueKind.String ? elv.GetString()! : null;
            var z = el is null ? 0 : SpeciesLabel.TryElement(el);
            if (z == 0)
            {
                throw Error(file, where, $"species element {(el is null ? "missing" : $"'{el}'")} is not an element");
            }

            var occ = s.TryGetProperty("occu", out var o) && o.ValueKind == JsonValueKind.Number ? o.GetDouble() : 1.0;
            total += occ;
            if (occ > bestOcc)
            {
                (bestZ, bestOcc) = (z, occ);
            }
        }

        if (sp.GetArrayLength() == 1 && bestOcc >= 0.99)
        {
            return bestZ;
        }

        if (!majority)
        {
            throw Error(file, where, $"is disordered ({sp.GetArrayLength()} species, occupancy sum {total:G4}); set the majority-species option to keep the majority species");
        }

        return bestOcc >= 1 - total ? bestZ : 0;
    }

    private static double[] Matrix(JsonElement m, string file, string where)
    {
        var rows = m.ValueKind == JsonValueKind.Array ? m.EnumerateArray().ToList() : [];
        if (rows.Count != 3)
        {
            throw Error(file, where, "lattice.matrix is not 3 rows");
        }

        var r = new double[9];
        for (var i = 0; i < 3; i++)
        {
            var v = Vector(rows[i], file, $"{where} lattice.matrix row {i}");
            (r[3 * i], r[3 * i + 1], r[3 * i + 2]) = (v.X, v.Y, v.Z);
        }

        return r;
    }

    private static Vec3 Vector(JsonElement v, string file, string where)
    {
        if (v.ValueKind != JsonValueKind.Array || v.GetArrayLength() != 3 || v.EnumerateArray().Any(x => x.ValueKind != JsonValueKind.Number))
        {
            throw Error(file, where, "is not an array of 3 numbers");
        }

        return new Vec3(v[0].GetDouble(), v[1].GetDouble(), v[2].GetDouble());
    }

    private static CrystalFormatException Error(string file, string where, string reason) => new(file, 1, $"{where} {reason}");

    public static void Write(string path, IReadOnlyList<Structure> structures) => TextFiles.WriteAll(path, ToText(structures));

    /// <summary>One structure → a Structure dict; several → a JSON array of them.</summary>
    public static string ToText(IReadOnlyList<Structure> structures)
    {
        using var ms = new MemoryStream();
        using (var w = new Utf8JsonWriter(ms, new JsonWriterOptions { Indented = true }))
        {
            if (structures.Count == 1)
            {
                WriteOne(w, structures[0]);
            }
            else
            {
                w.WriteStartArray();
                foreach (var s in structures)
                {
                    WriteOne(w, s);
                }

                w.WriteEndArray();
            }
        }

        return Encoding.UTF8.GetString(ms.ToArray());
    }

    private static void WriteOne(Utf8JsonWriter w, Structure s)
    {
        w.WriteStartObject();
        w.WriteString("@module", "pymatgen.core.structure");
        w.WriteString("@class", "Structure");
        w.WriteNull("charge");
        if (s.Id is { } id)
        {
            w.WriteString("entry_id", id);
        }

        w.WriteStartObject("lattice");
        w.WriteStartArray("matrix");
        for (var i = 0; i < 3; i++)
        {
            Triple(w, null, s.Lattice[i]);
        }

        w.WriteEndArray();
        var p = s.Lattice.Parameters;
        w.WriteNumber("a", p.A);
        w.WriteNumber("b", p.B);
        w.WriteNumber("c", p.C);
        w.WriteNumber("alpha", p.Alpha);
        w.WriteNumber("beta", p.Beta);
        w.WriteNumber("gamma", p.Gamma);
        w.WriteNumber("volume", s.Lattice.Volume);
        w.WriteEndObject();
        w.WriteStartArray("sites");
        var frac = s.FractionalPositions();
        for (var i = 0; i < s.Count; i++)
        {
            if (s.Species[i] == 0)
            {
                throw new ArgumentException($"structure {s.Id}: masked sites (Z = 0) cannot be written as pymatgen JSON");
            }

            var sym = Elements.Symbol(s.Species[i]);
            w.WriteStartObject();
            w.WriteStartArray("species");
            w.WriteStartObject();
            w.WriteString("element", sym);
            w.WriteNumber("occu", 1);
            w.WriteEndObject();
            w.WriteEndArray();
            Triple(w, "abc", frac[i]);
            Triple(w, "xyz", s.Positions[i]);
            w.WriteString("label", sym);
            w.WriteStartObject("properties");
            w.WriteEndObject();
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void Triple(Utf8JsonWriter w, string? name, Vec3 v)
    {
        if (name is null)
        {
            w.WriteStartArray();
        }
        else
        {
            w.WriteStartArray(name);
        }

        w.WriteNumberValue(v.X);
        w.WriteNumberValue(v.Y);
        w.WriteNumberValue(v.Z);
        w.WriteEndArray();
    }
}
