using System.Collections;
using CrystalKernels.Crystals.Io;
using YamlDotNet.RepresentationModel;

namespace CrystalKernels.Training.Runs;

/// <summary>
/// Writes a resolved configuration as YAML: one mapping per section, snake_case keys, doubles in round-trip form,
/// enums as snake_case names, null as <c>null</c>. Reading the text back gives the same configuration.
/// </summary>
public static class ConfigYaml
{
    public static string Write(object config)
    {
        var root = new YamlMappingNode();
        Fill(root, config);
        var stream = new YamlStream(new YamlDocument(root));
        using var w = new StringWriter { NewLine = "\n" };
        stream.Save(w, assignAnchors: false);
        var text = w.ToString();

        // YamlDotNet ends a document with "...": drop it, the file holds one document.
        return text.EndsWith("...\n", StringComparison.Ordinal) ? text[..^4] : text;
    }

    /// <summary>Writes atomically (temp file + rename).</summary>
    public static void Save(string path, object config) => TextFiles.WriteAll(path, Write(config));

    private static void Fill(YamlMappingNode map, object o)
    {
        foreach (var p in ConfigSchema.Settable(o.GetType()))
        {
            var name = ConfigSchema.SnakeCase(p.Name);
            var v = p.GetValue(o);
            if (ConfigSchema.IsSection(p.PropertyType) && v is not null)
            {
                var child = new YamlMappingNode();
                Fill(child, v);
                map.Add(name, child);
            }
            else if (v is IEnumerable list and not string)
            {
                var seq = new YamlSequenceNode { Style = YamlDotNet.Core.Events.SequenceStyle.Flow };
                foreach (var item in list)
                {
                    seq.Add(Scalar(item));
                }

                map.Add(name, seq);
            }
            else
            {
                map.Add(name, Scalar(v));
            }
        }
    }

    private static YamlScalarNode Scalar(object? v)
    {
        if (v is null)
        {
            return new YamlScalarNode("null");
        }

        var text = ConfigValueParser.Format(v);

        // Quote strings that would otherwise read back as null or be mangled ("", "null", "~", leading spaces).
        var quote = v is string && (text is "" or "~" or "null" or "Null" or "NULL" || text.Trim() != text);
        return new YamlScalarNode(text) { Style = quote ? YamlDotNet.Core.ScalarStyle.DoubleQuoted : YamlDotNet.Core.ScalarStyle.Any };
    }
}
