namespace CrystalKernels.Training.Runs;

/// <summary>A bad run configuration: an unknown key, a value of the wrong type, malformed YAML or override.
/// The message names the key, the value and where it came from (file:line or the override).</summary>
public sealed class ConfigException(string message) : FormatException(message);
