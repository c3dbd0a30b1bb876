using System.Runtime.InteropServices;

namespace CrystalKernels.Native.Interop;

/// <summary>nvrtcResult (nvrtc.h).</summary>
public enum NvrtcResult
{
    Success = 0,
    Compilation = 6,
}

/// <summary>
/// NVRTC, the CUDA C++ run-time compiler (libnvrtc.so.13/.12/.11.2, found by <see cref="NativeLibraries"/>). Source,
/// name, header and option strings are NUL-terminated UTF-8 kept alive by the caller for the duration of the call.
/// </summary>
internal static unsafe partial class Nvrtc
{
    private const string Lib = NativeLibraries.Nvrtc;

    static Nvrtc() => NativeLibraries.EnsureResolver();

    [LibraryImport(Lib)] public static partial NvrtcResult nvrtcVersion(out int major, out int minor);
    [LibraryImport(Lib)] public static partial nint nvrtcGetErrorString(NvrtcResult result);

    [LibraryImport(Lib)]
    public static partial NvrtcResult nvrtcCreateProgram(
        out nint program, byte* source, byte* name, int headerCount, byte** headers, byte** includeNames);

    [LibraryImport(Lib)] public static partial NvrtcResult nvrtcDestroyProgram(ref nint program);
    [LibraryImport(Lib)] public static partial NvrtcResult nvrtcCompileProgram(nint program, int optionCount, byte** options);
    [LibraryImport(Lib)] public static partial NvrtcResult nvrtcGetProgramLogSize(nint program, out nuint size);
    [LibraryImport(Lib)] public static partial NvrtcResult nvrtcGetProgramLog(nint program, byte* log);
    [LibraryImport(Lib)] public static partial NvrtcResult nvrtcGetPTXSize(nint program, out nuint size);
    [LibraryImport(Lib)] public static partial NvrtcResult nvrtcGetPTX(nint program, byte* ptx);
    [LibraryImport(Lib)] public static partial NvrtcResult nvrtcGetCUBINSize(nint program, out nuint size);
    [LibraryImport(Lib)] public static partial NvrtcResult nvrtcGetCUBIN(nint program, byte* cubin);
}
