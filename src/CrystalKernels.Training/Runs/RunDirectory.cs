using System.Globalization;

namespace CrystalKernels.Training.Runs;

/// <summary>
/// A run's output folder: <c>runs/&lt;command&gt;-&lt;yyyyMMdd-HHmmss&gt;</c> (a "-2", "-3", ... suffix when two runs start in
/// the same second) or the folder given by --out. It holds config.yaml (the resolved configuration), metrics.jsonl
/// and checkpoints/ (last.safetensors, best.safetensors).
/// </summary>
public sealed class RunDirectory
{
    public const string ConfigFile = "config.yaml";
    public const string MetricsFile = "metrics.jsonl";
    public const string CheckpointsFolder = "checkpoints";

    private RunDirectory(string path)
    {
        Path = path;
        Directory.CreateDirectory(CheckpointsPath);
    }

    public string Path { get; }

    public string ConfigPath => System.IO.Path.Combine(Path, ConfigFile);

    public string MetricsPath => System.IO.Path.Combine(Path, MetricsFile);

    public string CheckpointsPath => System.IO.Path.Combine(Path, CheckpointsFolder);

    /// <summary>
    /// Creates the folder for a new run. With <paramref name="outDir"/> that folder is used (created if needed; an
    /// existing one is reused, as when resuming into it); otherwise a fresh one under <paramref name="runsRoot"/>.
    /// </summary>
    public static RunDirectory Create(string command, string? outDir = null, string runsRoot = "runs", DateTime? now = null)
    {
        if (string.IsNullOrWhiteSpace(command) || command.IndexOfAny(System.IO.Path.GetInvalidFileNameChars()) >= 0 || command.Contains(' ', StringComparison.Ordinal))
        {
            throw new ArgumentException($"run folder: command name '{command}' is not usable in a folder name");
        }

        if (outDir is not null)
        {
            return new RunDirectory(System.IO.Path.GetFullPath(outDir));
        }

        var stamp = (now ?? DateTime.Now).ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture);
        var baseName = System.IO.Path.Combine(System.IO.Path.GetFullPath(runsRoot), $"{command}-{stamp}");
        var path = baseName;
        for (var i = 2; Directory.Exists(path); i++)
        {
            path = $"{baseName}-{i}";
        }

        return new RunDirectory(path);
    }

    /// <summary>Writes the resolved configuration to config.yaml.</summary>
    public void WriteConfig(object config) => ConfigYaml.Save(ConfigPath, config);

    /// <summary>Opens metrics.jsonl for appending (a resumed run continues the same file).</summary>
    public MetricsLog OpenMetrics() => MetricsLog.Open(MetricsPath);

    public string CheckpointPath(string name) => System.IO.Path.Combine(CheckpointsPath, name);
}
