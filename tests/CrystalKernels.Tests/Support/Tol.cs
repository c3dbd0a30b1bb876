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

    /// Elementwise float32 kernel vs the scalar double reference on the same float-representable inputs and
    /// parameters, per element, as |y32 - ref| / max(1, |ref|). TensorPrimitives' float32 Exp/Log/Tanh/Sigmoid/Pow are within a few ulp (ulp =
    /// 6e-8 at 1); SiLU adds one rounded multiply. Measured worst over lengths 0..257 and 70k: 1.5e-7
    /// (Tanh, Exp, SiLU).
    /// </summary>
    public const double Float32Elementwise = 5e-7;

    /// <summary>
    /// Same, for dx += dy * f'(x) in float32 vs the reference derivative. Derivatives from the saved float32 output, y (1 - y) or
    /// 1 - y^2, lose digits where y is near 1; the max(1, |dx|) scale bounds that absolutely. Measured worst: 5.5e-7
    /// (SiLU), 4.8e-7 (Rsqrt, y^3).
    /// </summary>
    public const double Float32ElementwiseGrad = 2e-6;

    /// <summary>
    /// Elementwise float64 kernel vs the scalar double reference (Math.Exp, Math.Pow, ...), as |y - ref| / max(1, |ref|):
    /// TensorPrimitives and System.Math differ by an ulp or two, and derivatives from a saved output (-y^3/2 vs
    /// -x^-1.5/2) by a few more. Measured worst: 6.3e-15 (tanh-GELU backward, the kernel's sigmoid form vs the
    /// reference's tanh form).
    /// </summary>
    public const double Float64Elementwise = 1e-13;

    /// <summary>Our double erf vs a 40-digit reference: the positive series and the continued fraction are within a few ulp.</summary>
    public const double ErfRel = 1e-14;

    /// <summary>
    /// Our double erfc (and exact GELU) vs a 40-digit reference, relative: below |x| = 2 erfc is 1 - erf, which loses
    /// log10(1 / erfc(2)) ~ 2.3 digits to cancellation (~1e-13 relative worst case in a sweep of [-7, 7]).
    /// </summary>
    public const double ErfcRel = 1e-12;

    /// <summary>Tanh GELU (evaluated as x sigmoid(2u), no cancellation) vs a 40-digit reference: a few ulp.</summary>
    public const double GeluTanhRel = 1e-14;

    /// <summary>Radius-graph edge vectors and distances vs the float64 graph fixture (Å): both sides evaluate
    /// pos[j] − pos[i] + n·cell in the same order, so they agree to a few ulps of ~5 Å; 1e-9 leaves ample margin.</summary>
    public const double GraphGeometry = 1e-9;

    /// <summary>Squared distances (Å²) closer than this count as one degenerate shell at a max-neighbour cut: the
    /// fixture's own definition (manifest max12_degenerate); which members of such a shell survive is undefined.</summary>
    public const double DegenerateShellD2 = 1e-8;

    /// <summary>SO(3) constants generated in double from formulas (J, grids, rescale, Gaussian centres) vs the float64
    /// reference buffers, relative to the tensor's max abs value: both sides evaluate closed forms in double, so they
    /// differ by a few ulps (the fixture README expects ≈1e-15); 1e-12 is the margin the brief asks for.</summary>
    public const double So3Constant = 1e-12;

    /// <summary>Our double constants rounded once to float32 vs the reference's float32 buffers, which were computed in
    /// float32 arithmetic and differ from the float64 ones by up to 7.5e-7 (fixture README).</summary>
    public const double So3ConstantFloat32 = 1.5e-6;

    /// <summary>Edge frames, Euler angles and Wigner-D blocks (float64) vs the wigner fixture away from the poles: same
    /// formulas in double; the fixture README expects 1e-14 for D.</summary>
    public const double Wigner = 1e-12;

    /// <summary>The same within 1e-3 rad of ±y (|x̂_y| ≥ 0.999): the Euler route is ill-conditioned there (acos near 1,
    /// atan2 of tiny numbers); the README measures ≈1e-10 at 1e-6 rad from the pole.</summary>
    public const double WignerNearPole = 1e-9;

    /// <summary>Float32 Wigner blocks (double math rounded once) vs the float64 fixture: |D| ≤ 1 so half an ulp is
    /// 6e-8.</summary>
    public const double WignerFloat32 = 1e-7;

    /// <summary>Group-law and representation properties of D in double (homomorphism, orthogonality, D^1 = R,
    /// Y(Rx) = D Y(x)) at l ≤ 6: a few hundred flops of O(1) values, measured ≲ 1e-14.</summary>
    public const double WignerProperty = 1e-12;

    /// <summary>Normalised RMS / max displacement of a structure match that is exact in real numbers (a crystal against a
    /// rotated, shifted, re-based copy, or a hand-derived displacement): both cells pass through LLL, Niggli, parameter
    /// averaging and FromParameters, each costing a few ulp of O(10 Å) coordinates, i.e. ~1e-14 relative.</summary>
    public const double StructureMatchExact = 1e-9;

    /// <summary>Self-match RMS on real crystals: like pymatgen, the matcher stops at the first pairing below 1e-5, and a
    /// cell that is only nearly symmetric (MP-20 mp-1001780: gamma = 119.99999362 deg) offers a near-exact lattice
    /// mapping (RMS ~1e-8) before the exact one.</summary>
    public const double StructureMatchFirstAccepted = 1e-5;

    /// <summary>
    /// GEMM error bound factor: a k-term dot product in precision u is within gamma_k ~ k*u of the exact value relative to
    /// sum |a||b| (Higham, Accuracy and Stability, 3.5). Tests use (k + 2) * u * (|alpha| sum|a||b| + |beta||c|): the
    /// +2 covers the alpha and beta roundings; a wrong element or index is off by O(1), far outside.
    /// </summary>
    public const double GemmUnitRoundoffF32 = 1.0 / (1 << 24);

    /// <summary>Float64 unit roundoff, doubled: the double-accumulating reference itself carries a k*u error.</summary>
    public const double GemmUnitRoundoffF64 = 2.0 / (1L << 53);

    /// <summary>d(Σ⟨W, D⟩)/dr (analytic, via so(3) generators) vs the reference's autograd (via acos/atan2) away from the
    /// poles, relative to the gradient's max abs value: two different exact formulas in double; the fixture's own
    /// autograd and finite differences agree to 1.2e-8 absolute, limited by the differences.</summary>
    public const double WignerGrad = 1e-10;

    /// <summary>Analytic Wigner gradient vs a five-point difference (h = 1e-4) at and within 1e-6 rad of the poles,
    /// per component as |Δ| / max(1, |numeric|): the Euler route's forward values carry ~1e-10 error at 1e-6 rad from a
    /// pole, which the stencil divides by ~1e-4 (measured 2.6e-6 on an O(10) gradient); the h⁴ term is ~1e-9.</summary>
    public const double WignerPoleFd = 1e-5;
}
