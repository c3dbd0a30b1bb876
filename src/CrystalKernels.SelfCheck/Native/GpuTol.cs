namespace CrystalKernels.SelfCheck.Native;

/// <summary>Tolerances of the native GPU-vs-CPU kernel comparisons (relative to the reference's max |value|).</summary>
public static class GpuTol
{
    /// <summary>fp32 kernels against a float64 reference over sums of at most a few hundred terms.</summary>
    public const double Float32 = 2e-6;

    /// <summary>fp32 sums of thousands of terms (Gaussian basis backward, norm backward, dot-product identities).</summary>
    public const double Float32LongSum = 2e-5;

    /// <summary>Central differences of a float64 reference (h = 1e-6) against fp32 gradients.</summary>
    public const double FiniteDifference = 1e-4;

    /// <summary>TF32 tensor-core GEMM: 10-bit mantissa inputs, fp32 accumulation.</summary>
    public const double Tf32 = 5e-3;
}
