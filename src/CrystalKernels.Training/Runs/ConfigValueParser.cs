using System.Globalization;

namespace CrystalKernels.Training.Runs;

/// <summary>
/// Converts the text of one entry to the key's type: int, long, ulong, double (invariant culture, 1e-4 style),
/// bool (true/false), string, enums (snake_case or PascalCase member names), nullable forms (null, ~ or empty when
/// unquoted) and lists of those. Errors name the key, the value and where it came from.
/// </summary>
public static class ConfigValueParser
{
    public static object? Parse(ConfigKey key, ConfigEntry entry)
    {
        var type = key.ValueType;
        if (ConfigSchema.IsList(type, out var element))
        {
            var items = entry.Items ?? (IsNull(entry) ? [] : [entry.Scalar!]);
            var array = Array.CreateInstance(element, items.Count);
            for (var i = 0; i < items.Count; i++)
            {
                array.SetValue(Scalar(element, items[i], key, entry), i);
            }

            return array;
        }

        if (entry.Items is not null)
        {
            throw Error(key, entry, "is a list, but the key takes a single value");
        }

        if (IsNull(entry))
        {
            if (key.Nullable)
            {
                return null;
            }

            if (type != typeof(string) || entry.Scalar is not "")
            {
                throw Error(key, entry, "is null, but the key needs a value");
            }
        }

        return Scalar(Nullable.GetUnderlyingType(type) ?? type, entry.Scalar!, key, entry);
    }

    /// <summary>The text written back to YAML for a scalar value (round-trips exactly: doubles as "R").</summary>
    public static string Format(object value) => value switch
    {
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        float f => f.ToString("R", CultureInfo.InvariantCulture),
        bool b => b ? "true" : "false",
        Enum e => ConfigSchema.SnakeCase(e.ToString()),
        IFormattable x => x.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? string.Empty,
    };

    private static bool IsNull(ConfigEntry e) => !e.Quoted && e.Items is null && e.Scalar is null or "" or "~" or "null" or "Null" or "NULL";

    private static object Scalar(Type t, string s, ConfigKey key, ConfigEntry entry)
    {
        var text = s.Trim();
        if (t == typeof(string))
        {
            return s;
        }

        if (t == typeof(double))
        {
            return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && !double.IsNaN(d)
                ? d : throw Error(key, entry, "is not a number");
        }

        if (t == typeof(int))
        {
            return int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var i) ? i : throw Error(key, entry, "is not an integer");
        }

        if (t == typeof(long))
        {
            return long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var l) ? l : throw Error(key, entry, "is not an integer");
        }

        if (t == typeof(ulong))
        {
            return ulong.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var u) ? u : throw Error(key, entry, "is not a non-negative integer");
        }

        if (t == typeof(bool))
        {
            return text.ToLowerInvariant() switch
            {
                "true" => true,
                "false" => false,
                _ => throw Error(key, entry, "is not a boolean (true or false)"),
            };
        }

        if (t.IsEnum)
        {
            var wanted = Normalise(text);
            foreach (var name in Enum.GetNames(t))
            {
                if (Normalise(name) == wanted)
                {
                    return Enum.Parse(t, name);
                }
            }

            throw Error(key, entry, $"is not one of {string.Join(", ", Enum.GetNames(t).Select(ConfigSchema.SnakeCase))}");
        }

        throw new InvalidOperationException($"config key '{key.Name}': type {t.Name} is not supported by the config binder");
    }

    private static string Normalise(string s) => s.Replace("_", string.Empty, StringComparison.Ordinal).Replace("-", string.Empty, StringComparison.Ordinal).ToLowerInvariant();

    private static ConfigException Error(ConfigKey key, ConfigEntry entry, string what) =>
        new($"{entry.Where}: {key.Name} = '{entry.ValueText}' {what}");
}
