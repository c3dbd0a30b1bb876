using CrystalKernels.Native.Runtime;

namespace CrystalKernels.Native.Kernels;

/// <summary>
/// Loads native/*.cu kernels into a context. Per source file, first choice is an nvcc fatbin &lt;stem&gt;.fatbin from
/// $CRYSTALKERNELS_FATBIN_DIR (built by the top-level CMakeLists.txt); otherwise NVRTC compiles the embedded source to a
/// CUBIN for the device's architecture, through the on-disk <see cref="KernelCache"/>. Modules are loaded once.
/// </summary>
public sealed class KernelLibrary : IDisposable
{
    public const string FatbinDirVariable = "CRYSTALKERNELS_FATBIN_DIR";

    private readonly Dictionary<string, CudaModule> modules = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> origins = new(StringComparer.Ordinal);

    public KernelLibrary(CudaContext context, KernelCache? cache = null, string? fatbinDirectory = null)
    {
        Context = context;
        Cache = cache ?? KernelCache.Default();
        FatbinDirectory = fatbinDirectory ?? Environment.GetEnvironmentVariable(FatbinDirVariable);
    }

    public CudaContext Context { get; }

    public KernelCache Cache { get; }

    public string? FatbinDirectory { get; }

    /// <summary>Where each loaded module came from (fatbin path or NVRTC options, cached or fresh).</summary>
    public IReadOnlyDictionary<string, string> Origins => origins;

    public CudaFunction Function(string sourceFile, string kernel) => Module(sourceFile).Function(kernel);

    public CudaModule Module(string sourceFile)
    {
        lock (modules)
        {
            if (!modules.TryGetValue(sourceFile, out var m))
            {
                var image = Image(sourceFile, Context.ComputeCapability, KernelImageKind.Cubin, Cache, FatbinDirectory);
                m = Context.LoadModule(image.Bytes);
                modules[sourceFile] = m;
                origins[sourceFile] = image.Origin;
            }

            return m;
        }
    }

    /// <summary>
    /// The image for one source file: the fatbin when present, else the cached or freshly NVRTC-compiled PTX/CUBIN.
    /// Needs no GPU (NVRTC is host-only), so compile checks use it too.
    /// </summary>
    public static KernelImage Image(string sourceFile, int arch, KernelImageKind kind, KernelCache? cache, string? fatbinDirectory = null)
    {
        if (fatbinDirectory is { Length: > 0 })
        {
            var fatbin = Path.Combine(fatbinDirectory, Path.ChangeExtension(sourceFile, ".fatbin"));
            if (File.Exists(fatbin))
            {
                return new KernelImage(sourceFile, KernelImageKind.Fatbin, File.ReadAllBytes(fatbin), $"fatbin {fatbin}", string.Empty);
            }
        }

        var source = KernelSources.Read(sourceFile);
        var headers = KernelSources.Headers;
        var options = NvrtcCompiler.Options(arch, kind);
        var (major, minor) = NvrtcCompiler.Version();
        var key = KernelCache.Key(source, headers, options, arch, kind, $"nvrtc-{major}.{minor}");
        if (cache?.TryGet(key, kind) is { } cached)
        {
            return new KernelImage(sourceFile, kind, cached, $"cache {cache.PathOf(key, kind)}", string.Empty);
        }

        var image = NvrtcCompiler.Compile(sourceFile, source, headers, options, kind);
        cache?.Put(key, kind, image.Bytes);
        return image;
    }

    public void Dispose()
    {
        lock (modules)
        {
            foreach (var m in modules.Values)
            {
                m.Dispose();
            }

            modules.Clear();
        }
    }
}
