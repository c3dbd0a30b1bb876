using System.Runtime.InteropServices;
using System.Text;
using CrystalKernels.Native.Handles;
using CrystalKernels.Native.Interop;
using static CrystalKernels.Native.Interop.CudaCheck;

namespace CrystalKernels.Native.Kernels;

/// <summary>
/// Compiles CUDA C++ with NVRTC to PTX (virtual compute_XX, JIT-compiled by the driver at load) or CUBIN (real sm_XX,
/// no JIT, immune to "driver older than the PTX"). A compilation error throws <see cref="CudaException"/> with NVRTC's
/// log, which names the file and line.
/// </summary>
public static class NvrtcCompiler
{
    /// <summary>NVRTC's version, e.g. (11, 8) for Debian's libnvrtc11.2 package, (13, 0) on the GPU machine.</summary>
    public static (int Major, int Minor) Version()
    {
        Check(Nvrtc.nvrtcVersion(out var major, out var minor));
        return (major, minor);
    }

    /// <summary>The options every kernel is compiled with, for architecture <paramref name="arch"/> (e.g. 90).</summary>
    public static IReadOnlyList<string> Options(int arch, KernelImageKind kind) =>
    [
        "--std=c++17",
        kind == KernelImageKind.Ptx ? $"--gpu-architecture=compute_{arch}" : $"--gpu-architecture=sm_{arch}",
        "-lineinfo",
    ];

    public static unsafe KernelImage Compile(
        string name, string source, IReadOnlyDictionary<string, string> headers, IReadOnlyList<string> options, KernelImageKind kind)
    {
        if (kind == KernelImageKind.Fatbin)
        {
            throw new ArgumentException("NVRTC compiles to PTX or CUBIN; fatbins come from nvcc (CMakeLists.txt)", nameof(kind));
        }

        var headerNames = headers.Keys.Order(StringComparer.Ordinal).ToArray();
        using var strings = new Utf8Strings();
        var src = strings.Add(source);
        var file = strings.Add(name);
        var headerTexts = strings.Array(headerNames.Select(h => headers[h]));
        var includeNames = strings.Array(headerNames);
        var opts = strings.Array(options);

        using var program = new NvrtcProgramHandle();
        Check(Nvrtc.nvrtcCreateProgram(out var p, src, file, headerNames.Length, headerTexts, includeNames));
        program.Adopt(p);

        var result = Nvrtc.nvrtcCompileProgram(p, options.Count, opts);
        var log = ProgramLog(p);
        Check(result, $"nvrtcCompileProgram({name}, {string.Join(' ', options)})", log);

        byte[] image;
        if (kind == KernelImageKind.Ptx)
        {
            Check(Nvrtc.nvrtcGetPTXSize(p, out var size));
            image = new byte[(int)size];
            fixed (byte* b = image)
            {
                Check(Nvrtc.nvrtcGetPTX(p, b));
            }
        }
        else
        {
            Check(Nvrtc.nvrtcGetCUBINSize(p, out var size));
            image = new byte[(int)size];
            fixed (byte* b = image)
            {
                Check(Nvrtc.nvrtcGetCUBIN(p, b));
            }
        }

        var (major, minor) = Version();
        return new KernelImage(name, kind, image, $"NVRTC {major}.{minor} {string.Join(' ', options)}", log);
    }

    private static unsafe string ProgramLog(nint program)
    {
        Check(Nvrtc.nvrtcGetProgramLogSize(program, out var size));
        var buffer = new byte[(int)size];
        fixed (byte* b = buffer)
        {
            Check(Nvrtc.nvrtcGetProgramLog(program, b));
        }

        return Encoding.UTF8.GetString(buffer).TrimEnd('\0', '\n', ' ');
    }

    /// <summary>NUL-terminated UTF-8 copies in unmanaged memory, freed together.</summary>
    private sealed unsafe class Utf8Strings : IDisposable
    {
        private readonly List<nint> blocks = [];

        public byte* Add(string s)
        {
            var p = Marshal.StringToCoTaskMemUTF8(s);
            blocks.Add(p);
            return (byte*)p;
        }

        public byte** Array(IEnumerable<string> items)
        {
            var list = items.ToList();
            var p = (byte**)Marshal.AllocCoTaskMem(Math.Max(1, list.Count) * sizeof(nint));
            blocks.Add((nint)p);
            for (var i = 0; i < list.Count; i++)
            {
                p[i] = Add(list[i]);
            }

            return p;
        }

        public void Dispose()
        {
            foreach (var b in blocks)
            {
                Marshal.FreeCoTaskMem(b);
            }
        }
    }
}
