namespace CrystalKernels.Tests.Support;

/// <summary>Every tolerance of the suite, with how it was chosen.</summary>
public static class Tol
{
    /// <summary>Central-difference step: truncation error ~h² f''' and rounding error ~eps/h balance near 1e-6 in double.</summary>
    public const double GradH = 1e-6;

    /// <summary>Absolute slack for gradients of O(1) inputs: rounding noise of the difference is ~1e-10.</summary>
    public const double GradAtol = 1e-7;

    /// <summary>Relative slack: the O(h²) truncation term is ~1e-12 relative; 1e-5 leaves margin for curvature.</summary>
    public const double GradRtol = 1e-5;

    /// <summary>Float32 fast kernel vs float64 reference, per element, relative to the magnitude of the result.</summary>
    public const double Float32Rel = 1e-5;

    /// <summary>Double-precision metric against a hand-derived or independently computed value: a few ulps of
    /// summation-order and exp/log rounding on O(1)..O(1e5) sums.</summary>
    public const double MetricRel = 1e-12;
}
