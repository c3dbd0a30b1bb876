namespace CrystalKernels.Gpu;

/// <summary>Thrown when a CUDA accelerator is asked for and ILGPU finds no CUDA device (one clear reason, no fallback).</summary>
public sealed class CudaUnavailableException(string reason) : InvalidOperationException($"CUDA unavailable: {reason}")
{
    public string Reason { get; } = reason;
}
