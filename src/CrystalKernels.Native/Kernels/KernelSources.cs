using System.Reflection;

namespace CrystalKernels.Native.Kernels;

/// <summary>
/// The CUDA C++ sources of native/ (repo root), embedded in this assembly as native/&lt;file&gt;: kernels (*.cu) and the
/// headers they include (*.cuh), which NVRTC receives by name so #include "ck_common.cuh" resolves without a file system.
/// </summary>
public static class KernelSources
{
    private const string Prefix = "native/";
    private static readonly Assembly Assembly = typeof(KernelSources).Assembly;

    /// <summary>Kernel source files (e.g. "segment_softmax.cu"), sorted.</summary>
    public static IReadOnlyList<string> Kernels { get; } = Names(".cu");

    /// <summary>Header file name → text.</summary>
    public static IReadOnlyDictionary<string, string> Headers { get; } = Names(".cuh").ToDictionary(n => n, Read, StringComparer.Ordinal);

    public static string Read(string file)
    {
        using var s = Assembly.GetManifestResourceStream(Prefix + file)
            ?? throw new FileNotFoundException($"no embedded kernel source '{file}' (known: {string.Join(", ", Kernels)})", file);
        using var r = new StreamReader(s);
        return r.ReadToEnd();
    }

    private static string[] Names(string extension) =>
        Assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(Prefix, StringComparison.Ordinal) && n.EndsWith(extension, StringComparison.Ordinal))
            .Select(n => n[Prefix.Length..])
            .Order(StringComparer.Ordinal)
            .ToArray();
}
