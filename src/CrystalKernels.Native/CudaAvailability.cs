using System.Runtime.InteropServices;
using CrystalKernels.Native.Interop;

namespace CrystalKernels.Native;

/// <summary>
/// Is CUDA usable here? Checked in the order of toolchain.md §4: the driver library loads, cuInit succeeds, a device
/// exists. "Library loads" is not "CUDA available": Debian's libcuda1 loads on a GPU-less machine and cuInit then
/// returns 100 (CUDA_ERROR_NO_DEVICE). Never throws; a missing driver or device is a reason string, not a crash.
/// </summary>
public static class CudaAvailability
{
    private static readonly Lazy<string?> Cached = new(ProbeOnce);

    /// <summary>Null when CUDA can be used; otherwise one line saying why not. Probed once per process.</summary>
    public static string? Probe() => Cached.Value;

    public static bool IsAvailable => Probe() is null;

    /// <summary>Null when NVRTC loads and reports a version; otherwise why not (kernels cannot be compiled at run time).</summary>
    public static string? ProbeNvrtc()
    {
        try
        {
            if (!NativeLibraries.TryLoad(NativeLibraries.Nvrtc, out _))
            {
                return $"{NativeLibraries.Describe(NativeLibraries.Nvrtc)} not found (set {NativeLibraries.LibDirVariable}, or install libnvrtc)";
            }

            var r = Nvrtc.nvrtcVersion(out _, out _);
            return r == NvrtcResult.Success ? null : $"nvrtcVersion returned {CudaErrorNames.Nvrtc(r)}";
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return FirstLine(e.Message);
        }
    }

    private static string? ProbeOnce()
    {
        try
        {
            if (!NativeLibraries.TryLoad(NativeLibraries.Driver, out _))
            {
                return "libcuda.so.1 not found (no NVIDIA driver installed)";
            }

            var r = CudaDriver.cuInit(0);
            if (r != CuResult.Success)
            {
                return $"cuInit returned {(int)r} ({CudaCheck.DriverName(r)})";
            }

            r = CudaDriver.cuDeviceGetCount(out var count);
            if (r != CuResult.Success)
            {
                return $"cuDeviceGetCount returned {(int)r} ({CudaCheck.DriverName(r)})";
            }

            return count == 0 ? "no CUDA device" : null;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException or MarshalDirectiveException)
        {
            return FirstLine(e.Message);
        }
    }

    // The runtime's DllNotFoundException lists every probed path on further lines; one line is the message.
    private static string FirstLine(string message) => message.Split('\n')[0].Trim();
}
