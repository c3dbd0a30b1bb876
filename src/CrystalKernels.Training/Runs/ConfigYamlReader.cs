using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace CrystalKernels.Training.Runs;

/// <summary>
/// Reads a YAML run config into flat entries: nested mappings become dotted keys (optim: {lr: 1e-4} → optim.lr),
/// sequences of scalars become lists. Each entry remembers "file:line". Anchors and aliases are resolved by YamlDotNet;
/// a sequence of mappings, or a duplicate key, is an error.
/// </summary>
public static class ConfigYamlReader
{
    public static IReadOnlyList<ConfigEntry> ReadFile(string path)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"config file not found: {path}", path);
        }

        return Read(File.ReadAllText(path), path);
    }

    public static IReadOnlyList<ConfigEntry> Read(string yaml, string source)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (YamlException e)
        {
            throw new ConfigException($"{source}:{e.Start.Line}: invalid YAML: {e.InnerException?.Message ?? e.Message}");
        }
        catch (ArgumentException e)
        {
            // YamlDotNet's mapping node throws this for a key written twice.
            throw new ConfigException($"{source}: invalid YAML: {e.Message}");
        }

        var entries = new List<ConfigEntry>();
        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is YamlScalarNode { Value: null or "" })
        {
            return entries;
        }

        if (stream.Documents.Count > 1)
        {
            throw new ConfigException($"{source}: holds {stream.Documents.Count} YAML documents; a run config is one");
        }

        if (stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            throw new ConfigException($"{source}:{stream.Documents[0].RootNode.Start.Line}: the top level must be a mapping of sections (model:, data:, optim:, ...)");
        }

        Flatten(root, string.Empty, source, entries);
        return entries;
    }

    private static void Flatten(YamlMappingNode map, string prefix, string source, List<ConfigEntry> entries)
    {
        foreach (var (k, v) in map.Children)
        {
            if (k is not YamlScalarNode { Value: { } name })
            {
                throw new ConfigException($"{source}:{k.Start.Line}: a key must be a plain name");
            }

            var key = prefix + name;
            var where = $"{source}:{k.Start.Line}";
            switch (v)
            {
                case YamlMappingNode m:
                    Flatten(m, key + ".", source, entries);
                    break;
                case YamlSequenceNode seq:
                    var items = new List<string>();
                    foreach (var item in seq.Children)
                    {
                        items.Add(item is YamlScalarNode s ? s.Value ?? string.Empty
                            : throw new ConfigException($"{source}:{item.Start.Line}: {key}: list items must be plain values"));
                    }

                    entries.Add(new ConfigEntry(key, null, items, false, where));
                    break;
                case YamlScalarNode s:
                    entries.Add(new ConfigEntry(key, s.Value, null, s.Style is ScalarStyle.SingleQuoted or ScalarStyle.DoubleQuoted, where));
                    break;
                default:
                    throw new ConfigException($"{where}: {key}: unsupported YAML node");
            }
        }
    }
}
