using CrystalKernels.Crystals;
using CrystalKernels.Crystals.Io;
using CrystalKernels.Crystals.Prototypes;
using CrystalKernels.Training.Data;

namespace CrystalKernels.Training.Modeling;

/// <summary>
/// Reads the structures of a data split: structure files (format from the name), CSV datasets with a cif column, or
/// builtin:prototypes[:N[:SEED]]. A row that cannot be read, or a structure the model cannot take (no atoms, a
/// species outside 1..118, non-finite coordinates, a degenerate cell) is reported to <c>onSkip</c> and left out;
/// a missing file is an error naming the config key.
/// </summary>
public static class StructureSource
{
    public static IReadOnlyList<Structure> Read(IEnumerable<string> paths, string key, Action<string>? onSkip = null)
    {
        var all = new List<Structure>();
        foreach (var path in paths)
        {
            all.AddRange(ReadOne(path, key, onSkip));
        }

        return all;
    }

    public static IReadOnlyList<Structure> ReadOne(string path, string key, Action<string>? onSkip = null)
    {
        if (!BuiltinData.IsBuiltin(path) && !File.Exists(path))
        {
            var full = Path.GetFullPath(path);
            throw new FileNotFoundException($"{key}: file not found: {path} (resolved to {full})", path);
        }

        var raw = BuiltinData.IsBuiltin(path)
            ? BuiltinData.Read(path)
            : StructureIo.Read(path, onError: e => onSkip?.Invoke($"{path}: {e}"));
        var kept = new List<Structure>(raw.Count);
        for (var i = 0; i < raw.Count; i++)
        {
            var problem = Problem(raw[i]);
            if (problem is null)
            {
                kept.Add(raw[i]);
            }
            else
            {
                onSkip?.Invoke($"{path}: {raw[i].Id ?? $"structure {i}"}: {problem}");
            }
        }

        return kept;
    }

    /// <summary>
    /// Splits one set by the SHA-256 bucket rule on the structure ids (HashSplit: bucket 1 = val, 0 = test, the rest
    /// train); structures without an id use "index:N".
    /// </summary>
    public static IReadOnlyList<Structure> HashSplitOf(IReadOnlyList<Structure> structures, Split split) =>
        structures.Where((s, i) => HashSplit.Of(s.Id ?? $"index:{i}") == split).ToList();

    /// <summary>Why the model cannot take this structure, or null.</summary>
    public static string? Problem(Structure s)
    {
        if (s.Count == 0)
        {
            return "no atoms";
        }

        foreach (var z in s.Species)
        {
            if (z < 1 || z > Elements.Count)
            {
                return $"species Z = {z} is outside 1..{Elements.Count}";
            }
        }

        foreach (var p in s.Positions)
        {
            if (!double.IsFinite(p.X) || !double.IsFinite(p.Y) || !double.IsFinite(p.Z))
            {
                return "non-finite coordinates";
            }
        }

        return s.Lattice.Volume is > 1e-6 and < double.PositiveInfinity ? null : $"degenerate cell (volume {s.Lattice.Volume})";
    }
}
