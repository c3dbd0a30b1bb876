using System.Text.Json;

namespace CrystalKernels.Crystals.Io;

/// <summary>One phonon-DOS record: the structure and the DOS sampled at the given frequencies (cm⁻¹).</summary>
public sealed record PhononRecord(Structure Structure, double[] FrequenciesCm1, double[] Dos);

/// <summary>
/// The phonon-DOS JSON-lines set (../shared/data/phonon-dos/phonon_dos.jsonl.gz; .gz read transparently): one object
/// per line with mp_id, numbers (Z), positions_cartesian (Å), cell (rows, Å), pbc, phfreq_cm1 and phdos (same
/// length). Errors name the line; a non-periodic record is an error.
/// </summary>
public static class PhononJsonl
{
    public static IEnumerable<PhononRecord> Read(string path)
    {
        using var r = TextFiles.OpenText(path);
        var lineNo = 0;
        while (r.ReadLine() is { } line)
        {
            lineNo++;
            if (line.Trim().Length == 0)
            {
                continue;
            }

            yield return ParseLine(line, path, lineNo);
        }
    }

    public static PhononRecord ParseLine(string line, string file, int lineNo)
    {
        try
        {
            using var doc = JsonDocument.Parse(line);
            var o = doc.RootElement;
            var id = o.GetProperty("mp_id").GetString() ?? throw Bad("mp_id is null");
            var numbers = o.GetProperty("numbers").EnumerateArray().Select(x => x.GetInt32()).ToArray();
            var pos = o.GetProperty("positions_cartesian").EnumerateArray().Select(V).ToArray();
            var cell = o.GetProperty("cell").EnumerateArray().Select(V).ToArray();
            if (o.TryGetProperty("pbc", out var pbc) && pbc.EnumerateArray().Any(x => x.ValueKind != JsonValueKind.True))
            {
                throw Bad($"{id}: pbc is not all true");
            }

            if (cell.Length != 3 || numbers.Length != pos.Length || numbers.Length == 0)
            {
                throw Bad($"{id}: {cell.Length} cell rows, {numbers.Length} numbers, {pos.Length} positions");
            }

            var freq = o.GetProperty("phfreq_cm1").EnumerateArray().Select(x => x.GetDouble()).ToArray();
            var dos = o.GetProperty("phdos").EnumerateArray().Select(x => x.GetDouble()).ToArray();
            if (freq.Length != dos.Length || freq.Length == 0)
            {
                throw Bad($"{id}: {freq.Length} frequencies but {dos.Length} DOS values");
            }

            return new PhononRecord(new Structure(new Lattice(cell[0], cell[1], cell[2]), numbers, pos, id), freq, dos);
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException or ArgumentException
                                      && e is not CrystalFormatException)
        {
            throw new CrystalFormatException(file, lineNo, e.Message, e);
        }

        static Vec3 V(JsonElement a) =>
            a.GetArrayLength() == 3 ? new Vec3(a[0].GetDouble(), a[1].GetDouble(), a[2].GetDouble()) : throw new FormatException("a vector does not have 3 components");

        CrystalFormatException Bad(string reason) => new(file, lineNo, reason);
    }
}
