namespace CrystalKernels.Training.Data;

/// <summary>An item (a structure) with its label row.</summary>
public sealed record Labelled<T>(string Id, T Item, double[] Label);

/// <summary>The result of joining items to labels: the pairs (in item order), items without a label, labels without
/// an item.</summary>
public sealed record LabelJoinResult<T>(IReadOnlyList<Labelled<T>> Matched, IReadOnlyList<string> ItemsWithoutLabel, IReadOnlyList<string> LabelsWithoutItem);

/// <summary>Joins structures to labels by material id (exact, ordinal comparison).</summary>
public static class LabelJoin
{
    public static LabelJoinResult<T> Join<T>(IEnumerable<T> items, Func<T, string> id, LabelTable labels)
    {
        var matched = new List<Labelled<T>>();
        var missing = new List<string>();
        var used = new HashSet<string>(StringComparer.Ordinal);
        foreach (var item in items)
        {
            var key = id(item);
            if (!used.Add(key))
            {
                throw new FormatException($"label join: material id '{key}' occurs twice among the structures");
            }

            if (labels.Values.TryGetValue(key, out var v))
            {
                matched.Add(new Labelled<T>(key, item, v));
            }
            else
            {
                missing.Add(key);
            }
        }

        var orphans = labels.Order.Where(k => !used.Contains(k)).ToList();
        return new LabelJoinResult<T>(matched, missing, orphans);
    }

    /// <summary>The matched pairs of one split by the hash rule.</summary>
    public static IReadOnlyList<Labelled<T>> InSplit<T>(this LabelJoinResult<T> joined, Split split) =>
        joined.Matched.Where(m => HashSplit.Of(m.Id) == split).ToList();
}
