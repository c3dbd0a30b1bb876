using CrystalKernels.Native.Kernels;

namespace CrystalKernels.Tests.Native;

/// <summary>The disk cache key is a stable function of everything that determines the compiled bytes, and nothing else.</summary>
public class KernelCacheTests
{
    private static readonly Dictionary<string, string> Headers = new() { ["a.cuh"] = "#pragma once\n", ["b.cuh"] = "int b;\n" };
    private static readonly string[] Options = ["--std=c++17", "--gpu-architecture=sm_90"];

    [Test]
    public void KeyIsHexSha256AndRepeatable()
    {
        var k = Key();
        Assert.That(k, Does.Match("^[0-9a-f]{64}$"));
        Assert.That(Key(), Is.EqualTo(k));
    }

    [Test]
    public void HeaderInsertionOrderDoesNotMatter()
    {
        var reversed = new Dictionary<string, string> { ["b.cuh"] = Headers["b.cuh"], ["a.cuh"] = Headers["a.cuh"] };
        Assert.That(KernelCache.Key("src", reversed, Options, 90, KernelImageKind.Cubin, "nvrtc-13.0"), Is.EqualTo(Key()));
    }

    [Test]
    public void EveryInputChangesTheKey()
    {
        var keys = new[]
        {
            Key(),
            KernelCache.Key("src ", Headers, Options, 90, KernelImageKind.Cubin, "nvrtc-13.0"),
            KernelCache.Key("src", new Dictionary<string, string> { ["a.cuh"] = "#pragma once\n" }, Options, 90, KernelImageKind.Cubin, "nvrtc-13.0"),
            KernelCache.Key("src", Headers, ["--std=c++17"], 90, KernelImageKind.Cubin, "nvrtc-13.0"),
            KernelCache.Key("src", Headers, Options, 80, KernelImageKind.Cubin, "nvrtc-13.0"),
            KernelCache.Key("src", Headers, Options, 90, KernelImageKind.Ptx, "nvrtc-13.0"),
            KernelCache.Key("src", Headers, Options, 90, KernelImageKind.Cubin, "nvrtc-12.4"),
        };
        Assert.That(keys, Is.Unique);
    }

    [Test]
    public void FieldsCannotCollideByConcatenation()
    {
        var a = KernelCache.Key("ab", Headers, ["c"], 90, KernelImageKind.Ptx, "x");
        var b = KernelCache.Key("a", Headers, ["bc"], 90, KernelImageKind.Ptx, "x");
        Assert.That(a, Is.Not.EqualTo(b));
    }

    [Test]
    public void DirectoryHonoursOverrideThenXdgThenHome()
    {
        Assert.That(KernelCache.DefaultDirectory(k => k == KernelCache.DirVariable ? "/tmp/kc" : null), Is.EqualTo("/tmp/kc"));
        Assert.That(KernelCache.DefaultDirectory(k => k == "XDG_CACHE_HOME" ? "/x" : null), Is.EqualTo("/x/crystalkernels/kernels"));
        Assert.That(KernelCache.DefaultDirectory(_ => null), Does.EndWith(Path.Combine(".cache", "crystalkernels", "kernels")));
    }

    [Test]
    public void PutThenGetRoundTripsAndMissesAreNull()
    {
        var dir = Path.Combine(Path.GetTempPath(), "ck-cache-" + Guid.NewGuid().ToString("N"));
        try
        {
            var cache = new KernelCache(dir);
            var key = Key();
            Assert.That(cache.TryGet(key, KernelImageKind.Cubin), Is.Null);
            cache.Put(key, KernelImageKind.Cubin, [1, 2, 3]);
            Assert.That(cache.TryGet(key, KernelImageKind.Cubin), Is.EqualTo(new byte[] { 1, 2, 3 }));
            Assert.That(cache.TryGet(key, KernelImageKind.Ptx), Is.Null);
            Assert.That(Directory.GetFiles(dir), Has.Length.EqualTo(1), "no temp files left behind");
        }
        finally
        {
            if (Directory.Exists(dir))
            {
                Directory.Delete(dir, recursive: true);
            }
        }
    }

    private static string Key() => KernelCache.Key("src", Headers, Options, 90, KernelImageKind.Cubin, "nvrtc-13.0");
}
