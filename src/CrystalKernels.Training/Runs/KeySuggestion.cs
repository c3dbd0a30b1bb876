namespace CrystalKernels.Training.Runs;

/// <summary>
/// "Did you mean": a known key for a common synonym from other tools' configs (learning_rate → lr, n_epochs →
/// epochs), else the known key with the smallest edit distance (Levenshtein, ties by order).
/// </summary>
public static class KeySuggestion
{
    private static readonly Dictionary<string, string> Synonyms = new(StringComparer.Ordinal)
    {
        ["learning_rate"] = "lr",
        ["n_epochs"] = "epochs",
        ["num_epochs"] = "epochs",
        ["max_epochs"] = "epochs",
        ["wd"] = "weight_decay",
        ["random_seed"] = "seed",
        ["bs"] = "batch_size",
    };

    public static string? Closest(string key, IEnumerable<string> known)
    {
        var knownList = known as IReadOnlyCollection<string> ?? known.ToList();
        var dot = key.LastIndexOf('.');
        if (Synonyms.TryGetValue(key[(dot + 1)..], out var leaf))
        {
            var wanted = key[..(dot + 1)] + leaf;
            var hit = knownList.FirstOrDefault(k => k == wanted) ?? knownList.FirstOrDefault(k => k.EndsWith("." + leaf, StringComparison.Ordinal));
            if (hit is not null)
            {
                return hit;
            }
        }

        string? best = null;
        var bestDistance = int.MaxValue;
        foreach (var k in knownList)
        {
            // Compare the last segment too, so "optim.learning_rat" still finds "optim.lr"'s neighbours by leaf name
            // and "lr" alone finds "optim.lr".
            var d = Math.Min(Distance(key, k), Distance(key, k[(k.LastIndexOf('.') + 1)..]) + 1);
            if (d < bestDistance)
            {
                bestDistance = d;
                best = k;
            }
        }

        return best;
    }

    public static int Distance(string a, string b)
    {
        var prev = new int[b.Length + 1];
        var cur = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            prev[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            cur[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                cur[j] = Math.Min(Math.Min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }

            (prev, cur) = (cur, prev);
        }

        return prev[b.Length];
    }
}
