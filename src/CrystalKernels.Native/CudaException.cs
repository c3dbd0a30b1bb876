namespace CrystalKernels.Native;

/// <summary>A failed CUDA driver, NVRTC or cuBLAS call: which call, the library's error name and its description.</summary>
public sealed class CudaException : Exception
{
    public CudaException(string call, int code, string errorName, string? description, string? detail = null)
        : base(Format(call, code, errorName, description, detail))
    {
        Call = call;
        Code = code;
        ErrorName = errorName;
    }

    /// <summary>The failing call as written at the call site.</summary>
    public string Call { get; }

    /// <summary>The numeric CUresult / nvrtcResult / cublasStatus_t; negative when no library call failed.</summary>
    public int Code { get; }

    /// <summary>e.g. CUDA_ERROR_OUT_OF_MEMORY, NVRTC_ERROR_COMPILATION, CUBLAS_STATUS_INVALID_VALUE.</summary>
    public string ErrorName { get; }

    private static string Format(string call, int code, string name, string? description, string? detail)
    {
        // A negative code is ours (no library call failed), so only the library's codes are printed.
        var text = code < 0 ? $"{call} failed: {name}" : $"{call} failed: {name} ({code})";
        if (!string.IsNullOrEmpty(description))
        {
            text += $": {description}";
        }

        return string.IsNullOrEmpty(detail) ? text : $"{text}{Environment.NewLine}{detail}";
    }
}
