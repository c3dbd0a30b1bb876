namespace CrystalKernels.Tests.Training.Gan;

/// <summary>Tolerances of the GAN tests.</summary>
internal static class GanTol
{
    /// <summary>Central difference at h = 1e-5 in float64: truncation O(h²·f''') plus rounding ~1e-16/h, relative.</summary>
    public const double FiniteDifference = 1e-5;
}
