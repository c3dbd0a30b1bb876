using System.Collections.Concurrent;
using System.Reflection;
using System.Text;

namespace CrystalKernels.Training.Runs;

/// <summary>One settable key of a configuration type: its dotted name and the property path that reaches it.</summary>
public sealed record ConfigKey(string Name, IReadOnlyList<PropertyInfo> Path, bool Nullable)
{
    public PropertyInfo Leaf => Path[^1];

    public Type ValueType => Leaf.PropertyType;
}

/// <summary>
/// The keys of a configuration record type, found by reflection: every public instance property with a setter (init
/// included). A property whose type is a class other than string and lists is a section and contributes its keys
/// under "section.". Names are snake_case (<see cref="SnakeCase"/>).
/// </summary>
public static class ConfigSchema
{
    private static readonly ConcurrentDictionary<Type, IReadOnlyList<ConfigKey>> Cache = new();
    private static readonly NullabilityInfoContext NullabilityContext = new();

    public static IReadOnlyList<ConfigKey> Keys(Type root) => Cache.GetOrAdd(root, t =>
    {
        var keys = new List<ConfigKey>();
        lock (NullabilityContext)
        {
            Collect(t, string.Empty, [], keys);
        }

        return keys;
    });

    /// <summary>The section names (prefixes) of a root type, e.g. "optim".</summary>
    public static IReadOnlySet<string> Sections(Type root) =>
        Keys(root).SelectMany(k => Prefixes(k.Name)).ToHashSet(StringComparer.Ordinal);

    public static IEnumerable<PropertyInfo> Settable(Type t) =>
        t.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.CanRead && p.SetMethod is { IsPublic: true } && p.GetIndexParameters().Length == 0)
            .OrderBy(p => p.MetadataToken);

    public static bool IsSection(Type t) =>
        t.IsClass && t != typeof(string) && !IsList(t, out _);

    /// <summary>IReadOnlyList&lt;T&gt; (or T[]) of a scalar T.</summary>
    public static bool IsList(Type t, out Type element)
    {
        if (t.IsArray)
        {
            element = t.GetElementType()!;
            return true;
        }

        if (t.IsGenericType && t.GetGenericTypeDefinition() == typeof(IReadOnlyList<>))
        {
            element = t.GetGenericArguments()[0];
            return true;
        }

        element = typeof(void);
        return false;
    }

    /// <summary>WeightLossPos → weight_loss_pos, Beta1 → beta1, AdamW → adamw, IntraCellNoPbc → intra_cell_no_pbc:
    /// an underscore goes before an upper-case letter that follows a lower-case letter or digit and starts a word.</summary>
    public static string SnakeCase(string name)
    {
        var sb = new StringBuilder(name.Length + 8);
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (char.IsUpper(c) && i > 0 && char.IsLetterOrDigit(name[i - 1]) && !char.IsUpper(name[i - 1]) && i + 1 < name.Length && char.IsLower(name[i + 1]))
            {
                sb.Append('_');
            }

            sb.Append(char.ToLowerInvariant(c));
        }

        return sb.ToString();
    }

    private static IEnumerable<string> Prefixes(string key)
    {
        for (var i = key.IndexOf('.'); i >= 0; i = key.IndexOf('.', i + 1))
        {
            yield return key[..i];
        }
    }

    private static void Collect(Type t, string prefix, List<PropertyInfo> path, List<ConfigKey> keys)
    {
        foreach (var p in Settable(t))
        {
            var name = prefix + SnakeCase(p.Name);
            var here = new List<PropertyInfo>(path) { p };
            if (IsSection(p.PropertyType))
            {
                Collect(p.PropertyType, name + ".", here, keys);
            }
            else
            {
                var nullable = System.Nullable.GetUnderlyingType(p.PropertyType) is not null
                               || (!p.PropertyType.IsValueType && NullabilityContext.Create(p).WriteState == NullabilityState.Nullable);
                keys.Add(new ConfigKey(name, here, nullable));
            }
        }
    }
}
