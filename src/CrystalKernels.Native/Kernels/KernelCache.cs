using System.Security.Cryptography;
using System.Text;

namespace CrystalKernels.Native.Kernels;

/// <summary>
/// Compiled kernel images on disk, keyed by SHA-256 of everything that determines the bytes: source, headers, options,
/// target architecture, image kind and compiler version. A changed kernel or NVRTC gives a new key; stale files are
/// never reused. Directory: $CRYSTALKERNELS_KERNEL_CACHE, else $XDG_CACHE_HOME/crystalkernels/kernels, else
/// ~/.cache/crystalkernels/kernels.
/// </summary>
public sealed class KernelCache(string directory)
{
    public const string DirVariable = "CRYSTALKERNELS_KERNEL_CACHE";

    public string Directory { get; } = directory;

    public static KernelCache Default() => new(DefaultDirectory(Environment.GetEnvironmentVariable));

    public static string DefaultDirectory(Func<string, string?> env)
    {
        if (env(DirVariable) is { Length: > 0 } dir)
        {
            return dir;
        }

        var root = env("XDG_CACHE_HOME") is { Length: > 0 } xdg
            ? xdg
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache");
        return Path.Combine(root, "crystalkernels", "kernels");
    }

    /// <summary>Hex SHA-256 over length-prefixed fields (so no two field lists can collide by concatenation); headers by name.</summary>
    public static string Key(
        string source, IReadOnlyDictionary<string, string> headers, IReadOnlyList<string> options, int arch, KernelImageKind kind, string compiler)
    {
        var fields = new List<string> { "crystalkernels-kernel-v1", source };
        foreach (var name in headers.Keys.Order(StringComparer.Ordinal))
        {
            fields.Add(name);
            fields.Add(headers[name]);
        }

        fields.AddRange(options);
        fields.Add($"arch={arch}");
        fields.Add($"kind={kind}");
        fields.Add($"compiler={compiler}");

        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Span<byte> length = stackalloc byte[8];
        foreach (var f in fields)
        {
            var bytes = Encoding.UTF8.GetBytes(f);
            BitConverter.TryWriteBytes(length, (long)bytes.Length);
            sha.AppendData(length);
            sha.AppendData(bytes);
        }

        return Convert.ToHexStringLower(sha.GetHashAndReset());
    }

    public string PathOf(string key, KernelImageKind kind) =>
        Path.Combine(Directory, $"{key}.{(kind == KernelImageKind.Ptx ? "ptx" : "cubin")}");

    public byte[]? TryGet(string key, KernelImageKind kind)
    {
        var path = PathOf(key, kind);
        return File.Exists(path) ? File.ReadAllBytes(path) : null;
    }

    /// <summary>Writes atomically (temp file, then rename), so a concurrent reader never sees half an image.</summary>
    public void Put(string key, KernelImageKind kind, byte[] image)
    {
        System.IO.Directory.CreateDirectory(Directory);
        var path = PathOf(key, kind);
        var tmp = $"{path}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp";
        File.WriteAllBytes(tmp, image);
        File.Move(tmp, path, overwrite: true);
    }
}
