namespace CrystalKernels.Crystals.Prototypes;

/// <summary>
/// Names for the built-in synthetic data, usable wherever a dataset path is expected:
/// "builtin:prototypes" (default 512 structures, seed 0) or "builtin:prototypes:N[:SEED]".
/// </summary>
public static class BuiltinData
{
    public const string Prefix = "builtin:";
    public const int DefaultCount = 512;

    public static bool IsBuiltin(string path) => path.StartsWith(Prefix, StringComparison.Ordinal);

    public static IReadOnlyList<Structure> Read(string path)
    {
        var parts = path[Prefix.Length..].Split(':');
        if (parts[0] != "prototypes" || parts.Length > 3)
        {
            throw new ArgumentException($"unknown built-in dataset '{path}' (use builtin:prototypes[:COUNT[:SEED]])");
        }

        var count = parts.Length > 1 ? ParseInt(path, parts[1], "COUNT") : DefaultCount;
        var seed = parts.Length > 2 ? (ulong)ParseInt(path, parts[2], "SEED") : 0UL;
        return PrototypeGenerator.Generate(count, seed);
    }

    private static int ParseInt(string path, string s, string what) =>
        int.TryParse(s, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var v) && v >= 0
            ? v
            : throw new ArgumentException($"'{path}': {what} must be a non-negative integer, got '{s}'");
}
