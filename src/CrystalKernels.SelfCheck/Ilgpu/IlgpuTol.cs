namespace CrystalKernels.SelfCheck.Ilgpu;

/// <summary>Tolerances of the ILGPU-vs-CPU comparisons, as |gpu - cpu| &lt;= tol * max(1, |cpu|) per element.</summary>
public static class IlgpuTol
{
    /// <summary>
    /// Float32: the ILGPU kernels compute in double and round once, the CPU reference mostly in float (SIMD sums,
    /// TensorPrimitives exp/log); on O(1) inputs with at most ~20-term sums the CPU side's own rounding (a few ulp of
    /// 6e-8 per term) dominates. 1e-5 leaves an order of magnitude of margin and still catches any indexing error.
    /// </summary>
    public const double Float32 = 1e-5;

    /// <summary>Float64: both sides in double; differences are summation order and exp/log implementations, ~1e-15.</summary>
    public const double Float64 = 1e-12;
}
