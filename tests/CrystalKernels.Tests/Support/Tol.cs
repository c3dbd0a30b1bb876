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
    /// GEMM error bound factor: a k-term dot product in precision u is within gamma_k ~ k*u of the exact value relative to
    /// sum |a||b| (Higham, Accuracy and Stability, 3.5). Tests use (k + 2) * u * (|alpha| sum|a||b| + |beta||c|): the
    /// +2 covers the alpha and beta roundings; a wrong element or index is off by O(1), far outside.
    /// </summary>
    public const double GemmUnitRoundoffF32 = 1.0 / (1 << 24);

    /// <summary>Float64 unit roundoff, doubled: the double-accumulating reference itself carries a k*u error.</summary>
    public const double GemmUnitRoundoffF64 = 2.0 / (1L << 53);
}
