namespace CrystalKernels.Training.Runs;

/// <summary>"Did you mean": the known key with the smallest edit distance (Levenshtein, ties by order).</summary>
public static class KeySuggestion
{
    public static string? Closest(string key, IEnumerable<string> known)
    {
        string? best = null;
        var bestDistance = int.MaxValue;
        foreach (var k in known)
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
