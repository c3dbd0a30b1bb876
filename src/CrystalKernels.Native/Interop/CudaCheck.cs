using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace CrystalKernels.Native.Interop;

/// <summary>
/// The one error choke point (architecture.md, native interop): every CUresult, nvrtcResult and cublasStatus_t goes
/// through Check, which throws <see cref="CudaException"/> naming the call (its source text, captured by the compiler)
/// and the error's name and description. Nothing here exits or falls back silently.
/// </summary>
internal static class CudaCheck
{
    public static void Check(CuResult result, [CallerArgumentExpression(nameof(result))] string call = "")
    {
        if (result != CuResult.Success)
        {
            throw new CudaException(Trim(call), (int)result, DriverName(result), DriverDescription(result));
        }
    }

    public static void Check(NvrtcResult result, [CallerArgumentExpression(nameof(result))] string call = "", string? log = null)
    {
        if (result != NvrtcResult.Success)
        {
            throw new CudaException(Trim(call), (int)result, CudaErrorNames.Nvrtc(result), NvrtcDescription(result), log);
        }
    }

    public static void Check(CublasStatus status, [CallerArgumentExpression(nameof(status))] string call = "")
    {
        if (status != CublasStatus.Success)
        {
            throw new CudaException(Trim(call), (int)status, CudaErrorNames.Cublas(status), null);
        }
    }

    /// <summary>The driver's own name for a code, or the table's when the driver cannot say.</summary>
    public static string DriverName(CuResult result)
    {
        try
        {
            if (CudaDriver.cuGetErrorName(result, out var p) == CuResult.Success && p != 0)
            {
                return Marshal.PtrToStringUTF8(p) ?? CudaErrorNames.Driver(result);
            }
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            // Naming an error must never replace it with another one.
        }

        return CudaErrorNames.Driver(result);
    }

    private static string? DriverDescription(CuResult result)
    {
        try
        {
            return CudaDriver.cuGetErrorString(result, out var p) == CuResult.Success && p != 0 ? Marshal.PtrToStringUTF8(p) : null;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return null;
        }
    }

    private static string? NvrtcDescription(NvrtcResult result)
    {
        try
        {
            var p = Nvrtc.nvrtcGetErrorString(result);
            return p != 0 ? Marshal.PtrToStringUTF8(p) : null;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return null;
        }
    }

    // "CudaDriver.cuMemAlloc(out var p, bytes)" -> "cuMemAlloc(out var p, bytes)": the library prefix is noise.
    private static string Trim(string call)
    {
        foreach (var prefix in new[] { "CudaDriver.", "Nvrtc.", "Cublas." })
        {
            if (call.StartsWith(prefix, StringComparison.Ordinal))
            {
                return call[prefix.Length..];
            }
        }

        return call;
    }
}
