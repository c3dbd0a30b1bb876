namespace CrystalKernels.Training.Runs;

/// <summary>
/// One configuration value before binding: a dotted key, its text (a scalar, or the items of a list), whether the
/// scalar was quoted (a quoted "null" is a string, never null) and where it came from, for error messages.
/// </summary>
public sealed record ConfigEntry(string Key, string? Scalar, IReadOnlyList<string>? Items, bool Quoted, string Where)
{
    public static ConfigEntry Of(string key, string scalar, string where) => new(key, scalar, null, false, where);

    public string ValueText => Items is null ? Scalar ?? string.Empty : "[" + string.Join(", ", Items) + "]";
}
