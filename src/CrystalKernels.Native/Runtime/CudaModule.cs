using CrystalKernels.Native.Handles;
using CrystalKernels.Native.Interop;
using static CrystalKernels.Native.Interop.CudaCheck;

namespace CrystalKernels.Native.Runtime;

/// <summary>A loaded module; functions are looked up by their extern "C" name once and kept.</summary>
public sealed class CudaModule(CudaModuleHandle handle) : IDisposable
{
    private readonly Dictionary<string, CudaFunction> functions = new(StringComparer.Ordinal);

    public CudaModuleHandle Handle { get; } = handle;

    public CudaFunction Function(string name)
    {
        lock (functions)
        {
            if (!functions.TryGetValue(name, out var f))
            {
                Check(CudaDriver.cuModuleGetFunction(out var p, Handle.Value, name));
                f = new CudaFunction(name, p, this);
                functions[name] = f;
            }

            return f;
        }
    }

    public void Dispose() => Handle.Dispose();
}
