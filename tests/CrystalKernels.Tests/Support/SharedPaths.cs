namespace CrystalKernels.Tests.Support;

/// <summary>
/// Locates ../shared (real data and reference fixtures). Overridable with CRYSTALKERNELS_SHARED. Tests that need it
/// call <see cref="RequireData"/> or <see cref="RequireFixtures"/>, which mark the test Ignored with a clear reason
/// when the folder is missing instead of failing.
/// </summary>
public static class SharedPaths
{
    public static string? Root { get; } = Find();

    public static string Data(params string[] parts) => Path.Combine([RequireRoot(), "data", .. parts]);

    public static string Fixtures(params string[] parts) => Path.Combine([RequireRoot(), "fixtures", .. parts]);

    public static string RequireData(params string[] parts)
    {
        var p = Data(parts);
        if (!File.Exists(p) && !Directory.Exists(p))
        {
            Assert.Ignore($"shared data not found at {p} (set CRYSTALKERNELS_SHARED to the shared/ folder)");
        }

        return p;
    }

    public static string RequireFixtures(params string[] parts)
    {
        var p = Fixtures(parts);
        if (!File.Exists(p) && !Directory.Exists(p))
        {
            Assert.Ignore($"reference fixtures not found at {p} (set CRYSTALKERNELS_SHARED to the shared/ folder)");
        }

        return p;
    }

    private static string RequireRoot()
    {
        if (Root is null)
        {
            Assert.Ignore("shared/ folder not found beside the repository (set CRYSTALKERNELS_SHARED)");
        }

        return Root!;
    }

    private static string? Find()
    {
        var env = Environment.GetEnvironmentVariable("CRYSTALKERNELS_SHARED");
        if (!string.IsNullOrEmpty(env) && Directory.Exists(env))
        {
            return Path.GetFullPath(env);
        }

        // Walk up from the test binary: the repo sits beside shared/ (../shared from the repo root).
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
        {
            var candidate = Path.Combine(d.FullName, "shared");
            if (Directory.Exists(Path.Combine(candidate, "data")) || Directory.Exists(Path.Combine(candidate, "fixtures")))
            {
                return candidate;
            }
        }

        return null;
    }
}
