using System.Collections.Concurrent;
using System.Reflection;
using System.Runtime.InteropServices;

namespace CrystalKernels.Native.Interop;

/// <summary>
/// Finds the CUDA libraries at run time (toolchain.md §3–4): the driver (libcuda.so.1, installed with the NVIDIA
/// driver), NVRTC and cuBLAS (versioned sonames, CUDA 13 first). Probe order per library: the directory in
/// CRYSTALKERNELS_CUDA_LIB_DIR, then $CUDA_HOME and $CUDA_PATH (lib64 and targets/x86_64-linux/lib), then the system
/// loader path (bare soname). The binding classes name the logical libraries below; this resolver maps them.
/// </summary>
internal static class NativeLibraries
{
    public const string Driver = "crystalkernels-cuda";
    public const string Nvrtc = "crystalkernels-nvrtc";
    public const string Cublas = "crystalkernels-cublas";
    public const string LibDirVariable = "CRYSTALKERNELS_CUDA_LIB_DIR";

    private static readonly Dictionary<string, string[]> Sonames = new()
    {
        [Driver] = ["libcuda.so.1"],
        [Nvrtc] = ["libnvrtc.so.13", "libnvrtc.so.12", "libnvrtc.so.11.2", "libnvrtc.so"],
        [Cublas] = ["libcublas.so.13", "libcublas.so.12", "libcublas.so.11", "libcublas.so"],
    };

    private static readonly ConcurrentDictionary<string, (nint Handle, string? Path)> Loaded = new();
    private static readonly Lock Gate = new();
    private static bool registered;

    /// <summary>Installs the resolver for this assembly once (called from each binding class's static constructor).</summary>
    public static void EnsureResolver()
    {
        lock (Gate)
        {
            if (!registered)
            {
                NativeLibrary.SetDllImportResolver(typeof(NativeLibraries).Assembly, Resolve);
                registered = true;
            }
        }
    }

    /// <summary>Paths (or bare sonames for the loader's own search) tried for a logical library, in order.</summary>
    public static IReadOnlyList<string> Candidates(string library, Func<string, string?> env)
    {
        if (!Sonames.TryGetValue(library, out var names))
        {
            throw new ArgumentException($"unknown native library '{library}'", nameof(library));
        }

        var dirs = new List<string>();
        if (env(LibDirVariable) is { Length: > 0 } overrideDir)
        {
            dirs.Add(overrideDir);
        }

        foreach (var variable in new[] { "CUDA_HOME", "CUDA_PATH" })
        {
            if (env(variable) is { Length: > 0 } root)
            {
                dirs.Add(Path.Combine(root, "lib64"));
                dirs.Add(Path.Combine(root, "targets", "x86_64-linux", "lib"));
            }
        }

        var candidates = new List<string>();
        foreach (var dir in dirs.Distinct(StringComparer.Ordinal))
        {
            candidates.AddRange(names.Select(n => Path.Combine(dir, n)));
        }

        candidates.AddRange(names);
        return candidates;
    }

    /// <summary>Loads a logical library without throwing; the path it came from, or null when none of the candidates loads.</summary>
    public static bool TryLoad(string library, out string? loadedFrom)
    {
        var (handle, path) = Loaded.GetOrAdd(library, Load);
        loadedFrom = path;
        return handle != 0;
    }

    private static (nint, string?) Load(string library)
    {
        foreach (var candidate in Candidates(library, Environment.GetEnvironmentVariable))
        {
            if (Path.IsPathRooted(candidate) && !File.Exists(candidate))
            {
                continue;
            }

            if (NativeLibrary.TryLoad(candidate, out var handle))
            {
                return (handle, candidate);
            }
        }

        return (0, null);
    }

    private static nint Resolve(string libraryName, Assembly assembly, DllImportSearchPath? searchPath)
    {
        if (!Sonames.ContainsKey(libraryName))
        {
            return 0;
        }

        if (TryLoad(libraryName, out _))
        {
            return Loaded[libraryName].Handle;
        }

        var tried = string.Join(", ", Candidates(libraryName, Environment.GetEnvironmentVariable));
        throw new DllNotFoundException($"{Describe(libraryName)} not found (tried {tried}; set {LibDirVariable} to its directory)");
    }

    /// <summary>Human name of a logical library for messages.</summary>
    public static string Describe(string library) => library switch
    {
        Driver => "CUDA driver library libcuda.so.1",
        Nvrtc => "NVRTC (libnvrtc.so.13/.12/.11.2)",
        Cublas => "cuBLAS (libcublas.so.13/.12/.11)",
        _ => library,
    };
}
