using System.Reflection;

namespace CrystalKernels.Training.Runs;

/// <summary>
/// Applies entries to a configuration record, in order (later entries win: defaults, then the YAML file, then the
/// overrides). Records are copied before any change (through the compiler's clone method), so shared default
/// instances such as <c>MaskingOptions.Faithful</c> are never modified.
/// </summary>
public static class ConfigBinder
{
    public static T Apply<T>(T root, IEnumerable<ConfigEntry> entries)
        where T : class
    {
        var keys = ConfigSchema.Keys(typeof(T)).ToDictionary(k => k.Name, StringComparer.Ordinal);
        var sections = ConfigSchema.Sections(typeof(T));
        var copy = (T)DeepClone(root);
        foreach (var e in entries)
        {
            if (!keys.TryGetValue(e.Key, out var key))
            {
                if (sections.Contains(e.Key))
                {
                    var some = keys.Keys.Where(k => k.StartsWith(e.Key + ".", StringComparison.Ordinal)).Take(3);
                    throw new ConfigException($"{e.Where}: '{e.Key}' is a section, not a value; set its keys, e.g. {string.Join(", ", some)}");
                }

                var hint = KeySuggestion.Closest(e.Key, keys.Keys);
                throw new ConfigException($"{e.Where}: unknown config key '{e.Key}'{(hint is null ? string.Empty : $" (did you mean '{hint}'?)")}");
            }

            var value = ConfigValueParser.Parse(key, e);
            object target = copy;
            foreach (var p in key.Path.Take(key.Path.Count - 1))
            {
                target = p.GetValue(target)!;
            }

            key.Leaf.SetValue(target, value);
        }

        return copy;
    }

    /// <summary>The value of a dotted key (for messages and tests).</summary>
    public static object? Get(object root, string key)
    {
        var k = ConfigSchema.Keys(root.GetType()).FirstOrDefault(x => x.Name == key)
                ?? throw new ConfigException($"unknown config key '{key}'");
        object? o = root;
        foreach (var p in k.Path)
        {
            o = p.GetValue(o!);
        }

        return o;
    }

    private static object DeepClone(object o)
    {
        var t = o.GetType();
        var clone = t.GetMethod("<Clone>$", BindingFlags.Public | BindingFlags.Instance)
                    ?? throw new InvalidOperationException($"config type {t.Name} must be a record (it has no clone method)");
        var copy = clone.Invoke(o, null)!;
        foreach (var p in ConfigSchema.Settable(t).Where(p => ConfigSchema.IsSection(p.PropertyType)))
        {
            var section = p.GetValue(copy) ?? Activator.CreateInstance(p.PropertyType)!;
            p.SetValue(copy, DeepClone(section));
        }

        return copy;
    }
}
