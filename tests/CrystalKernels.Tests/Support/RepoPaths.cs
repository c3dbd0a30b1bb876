namespace CrystalKernels.Tests.Support;

/// <summary>Files of the repository itself (native/, models/, src/), found by walking up from the test binary.</summary>
public static class RepoPaths
{
    public static string Root()
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
        {
            if (System.IO.File.Exists(Path.Combine(d.FullName, "CrystalKernels.sln")))
            {
                return d.FullName;
            }
        }

        Assert.Ignore("repository root not found from the test binary");
        return string.Empty;
    }

    public static string File(params string[] parts) => Path.Combine([Root(), .. parts]);
}
