namespace CrystalKernels.Tests.Models;

/// <summary>Tolerances of the model tests (max |a − b| / max |b| per tensor, the fixture README's measure).</summary>
public static class ModelTol
{
    /// <summary>Float64 forward vs the float64 reference: only summation order differs (README: ~1e-12).</summary>
    public const double Float64Forward = 1e-12;

    /// <summary>Float64 gradients vs the reference's autograd (README: ~1e-10).</summary>
    public const double Float64Gradient = 1e-10;

    /// <summary>Float32 port vs the float64 reference: the float32 reference itself differs by up to 4.4e-5 (README table).</summary>
    public const double Float32 = 1e-4;
}
