namespace CrystalKernels.Tests.Equivariant.So2Conv;

/// <summary>Tolerances of the SO(2)-convolution tests, each with how it was chosen.</summary>
internal static class So2ConvTol
{
    /// <summary>
    /// Float64 port vs the model-small fixture, relative to the tensor's max abs value: the fixture README's ~1e-12 for
    /// forward values (same formulas in double; only GEMM summation order differs, ~1e-16..1e-14 per op).
    /// </summary>
    public const double Parity = 1e-12;

    /// <summary>
    /// The module vs a naive loop over the §3.9 formulas in double: the same sums in another order, O(n·Cin) terms of
    /// O(1) values, a few ulp.
    /// </summary>
    public const double Float64Formula = 1e-13;

    /// <summary>
    /// Float32 Gaussian basis vs exp in double of the same float32 argument (d, float32 centres and coefficient),
    /// absolute: only float32 exp differs, within a few ulp of g ≤ 1 (ulp 6e-8 at 1).
    /// </summary>
    public const double GaussianFloat32Abs = 3e-7;

    /// <summary>
    /// Float32 SO(2) convolution (radial MLP + three GEMMs) vs float64 on the same float32-representable weights and
    /// inputs, relative to the output's max abs: each GEMM sums n·Cin ≤ 7·8 products (γ ≈ 56·6e-8 worst case, far
    /// less in practice since errors are random), chained through LayerNorm/SiLU and the radial product. Measured
    /// 3.1e-7 (E = 16, Cin 8, radial [10, 6, 6]); 4e-6 for block 0 of model-small vs its float64 reference.
    /// </summary>
    public const double Float32Module = 1e-5;

    /// <summary>
    /// Equivariance under a rotation about the edge axis (the SO(2) the convolution commutes with), float64: both sides
    /// are the same GEMMs on rotated inputs, so they differ by rounding only.
    /// </summary>
    public const double So2Equivariance = 1e-12;

    /// <summary>Float32 port vs the float64 model-small fixture, relative to the tensor's max abs: the fixture README's
    /// rtol for a float32 port (a float32 reference itself is off by up to 4.4e-5 on whole-model outputs).</summary>
    public const double Float32VsFixture = 1e-4;
}
