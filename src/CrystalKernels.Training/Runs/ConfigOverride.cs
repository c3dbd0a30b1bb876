namespace CrystalKernels.Training.Runs;

/// <summary>
/// Command-line overrides in Hydra's dotted syntax: <c>optim.lr=3e-4</c>, <c>train.epochs=2</c>,
/// <c>data.train=[a.csv.gz,b.csv.gz]</c>, <c>model.init_from=null</c>, <c>data.label_column="null"</c> (quoted: the
/// string). Hydra's <c>+key</c>, <c>~key</c> and group options are not supported and say so.
/// </summary>
public static class ConfigOverride
{
    public static ConfigEntry Parse(string arg)
    {
        var where = $"override '{arg}'";
        var eq = arg.IndexOf('=');
        if (eq <= 0)
        {
            throw new ConfigException($"{where}: expected key=value (for example optim.lr=3e-4)");
        }

        var key = arg[..eq].Trim();
        var value = arg[(eq + 1)..];
        if (key.StartsWith('+') || key.StartsWith('~'))
        {
            throw new ConfigException($"{where}: Hydra's '+' and '~' prefixes are not supported; every key exists already, set it with key=value");
        }

        var trimmed = value.Trim();
        if (trimmed.StartsWith('[') && trimmed.EndsWith(']'))
        {
            var inner = trimmed[1..^1].Trim();
            var items = inner.Length == 0 ? [] : inner.Split(',').Select(x => Unquote(x.Trim()).Text).ToArray();
            return new ConfigEntry(key, null, items, false, where);
        }

        var (text, quoted) = Unquote(trimmed);
        return new ConfigEntry(key, quoted ? text : value, null, quoted, where);
    }

    public static IReadOnlyList<ConfigEntry> ParseAll(IEnumerable<string> args) => args.Select(Parse).ToList();

    private static (string Text, bool Quoted) Unquote(string s) =>
        s.Length >= 2 && ((s[0] == '"' && s[^1] == '"') || (s[0] == '\'' && s[^1] == '\'')) ? (s[1..^1], true) : (s, false);
}
