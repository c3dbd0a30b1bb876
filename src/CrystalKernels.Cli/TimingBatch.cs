using CrystalKernels.Crystals;
using CrystalKernels.Crystals.Io;

namespace CrystalKernels.Cli;

/// <summary>
/// The fixed timing batch (fixtures/equiformer-reference/timing-batch.txt): the first 8 rows of MP-20
/// test_public.csv.gz, on which the PyTorch reference was timed. Read by material_id, so a reordered file still gives
/// the same crystals in this order.
/// </summary>
public static class TimingBatch
{
    public const string DefaultDataPath = "../shared/data/mp20/test_public.csv.gz";

    public static IReadOnlyList<string> MaterialIds { get; } =
        ["mp-10009", "mp-1001", "mp-1001012", "mp-1001034", "mp-1001600", "mp-1001784", "mp-1001787", "mp-1001833"];

    /// <summary>The first <paramref name="count"/> (1..8) structures of the batch, in batch order.</summary>
    public static IReadOnlyList<Structure> Read(string dataPath, int count)
    {
        if (count < 1 || count > MaterialIds.Count)
        {
            throw new ArgumentException($"timing batch: --batch must be 1..{MaterialIds.Count}, got {count}");
        }

        if (!File.Exists(dataPath))
        {
            throw new FileNotFoundException($"timing batch: data file '{Path.GetFullPath(dataPath)}' not found (pass --data PATH to MP-20 test_public.csv.gz)", dataPath);
        }

        var wanted = MaterialIds.Take(count).ToList();
        var found = new Dictionary<string, Structure>();
        foreach (var entry in CsvDataset.Read(dataPath, CsvDatasetOptions.Default with { Parallel = false, BatchSize = 8 }))
        {
            if (!wanted.Contains(entry.Row.Id))
            {
                continue;
            }

            found[entry.Row.Id] = entry.Structure
                ?? throw new FormatException($"timing batch: {dataPath} line {entry.Row.Line} ({entry.Row.Id}): {entry.Error}");
            if (found.Count == wanted.Count)
            {
                break;
            }
        }

        var missing = wanted.Where(id => !found.ContainsKey(id)).ToList();
        if (missing.Count > 0)
        {
            throw new InvalidDataException($"timing batch: {dataPath} has no row with material_id {string.Join(", ", missing)}");
        }

        return wanted.Select(id => found[id]).ToList();
    }
}
