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

    /// <summary>
    /// Adam in float64 vs the textbook formulas evaluated in double: the two differ only in rounding (lerp vs
    /// beta*m + (1-beta)*g, sqrt(v)/sqrt(bc2) vs sqrt(v/bc2)), a few ulp of O(1) parameters per step.
    /// </summary>
    public const double AdamFloat64Abs = 1e-13;

    /// <summary>
    /// Adam in float32 vs the double textbook reference, O(1) parameters, at most a few steps: each step rounds p
    /// twice (2 x 2^-24 x |p| &lt;= 2.4e-7 for |p| &lt;= 2) and the update's own float32 error is ~1e-7 x lr.
    /// </summary>
    public const double AdamFloat32Abs = 1e-6;

    /// <summary>Double-precision metric against a hand-derived or independently computed value: a few ulps of
    /// summation-order and exp/log rounding on O(1)..O(1e5) sums.</summary>
    public const double MetricRel = 1e-12;
}
