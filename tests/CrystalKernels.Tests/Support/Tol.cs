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

    /// <summary>Radius-graph edge vectors and distances vs the float64 graph fixture (Å): both sides evaluate
    /// pos[j] − pos[i] + n·cell in the same order, so they agree to a few ulps of ~5 Å; 1e-9 leaves ample margin.</summary>
    public const double GraphGeometry = 1e-9;

    /// <summary>Squared distances (Å²) closer than this count as one degenerate shell at a max-neighbour cut: the
    /// fixture's own definition (manifest max12_degenerate); which members of such a shell survive is undefined.</summary>
    public const double DegenerateShellD2 = 1e-8;
}
