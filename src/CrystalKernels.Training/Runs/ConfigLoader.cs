namespace CrystalKernels.Training.Runs;

/// <summary>
/// Resolves a run configuration: defaults (the record's initialisers, or a command's own defaults), then the YAML
/// file (--config), then the key=value overrides, each later source winning.
/// </summary>
public static class ConfigLoader
{
    public static RunConfig Load(string? yamlPath, IEnumerable<string> overrides, RunConfig? defaults = null) =>
        Load(defaults ?? new RunConfig(), yamlPath, overrides);

    public static T Load<T>(T defaults, string? yamlPath, IEnumerable<string> overrides)
        where T : class
    {
        var entries = new List<ConfigEntry>();
        if (yamlPath is not null)
        {
            entries.AddRange(ConfigYamlReader.ReadFile(yamlPath));
        }

        entries.AddRange(ConfigOverride.ParseAll(overrides));
        return ConfigBinder.Apply(defaults, entries);
    }

    /// <summary>Parses YAML text (e.g. the config stored in a checkpoint) onto the defaults.</summary>
    public static T FromYaml<T>(T defaults, string yaml, string source)
        where T : class =>
        ConfigBinder.Apply(defaults, ConfigYamlReader.Read(yaml, source));
}
