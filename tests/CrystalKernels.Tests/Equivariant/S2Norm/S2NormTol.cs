namespace CrystalKernels.Tests.Equivariant.S2Norm;

/// <summary>Tolerances of the S2 activation, equivariant RMS norm, SO3_LinearV2 and FFN tests, with how they were chosen.</summary>
internal static class S2NormTol
{
    /// <summary>
    /// Float64 op vs a naive double-loop reference of the same formula, relative to the output's max abs value: only the
    /// summation order differs (blocked GEMM vs plain loops over ≤ 210 terms), a few ulps; 1e-13 leaves margin.
    /// </summary>
    public const double Float64VsNaive = 1e-13;

    /// <summary>
    /// Float64 module vs the model-small reference (float64), relative to the tensor's max abs value: the fixture README
    /// asks for ≈1e-12 on forward values (different summation orders cost 1e-16..1e-14 per op).
    /// </summary>
    public const double Float64Parity = 1e-12;

    /// <summary>Parameter gradients in float64 vs the fixture's autograd, relative to the gradient's max abs (README: ≈1e-10).</summary>
    public const double Float64GradParity = 1e-10;

    /// <summary>
    /// Float32 module (weights rounded from the float64 fixture) vs the float64 reference, relative to max abs: README's
    /// float32 guidance is rtol ≈1e-4; the float32 reference itself shows up to 4.8e-6 on the final norm and 4.7e-6 on the
    /// logits.
    /// </summary>
    public const double Float32Parity = 1e-4;

    /// <summary>
    /// Float32 op vs the same op in float64 on O(1) inputs, relative to max abs: sums of ≤ 210 float32 products with
    /// grid entries up to ~10 keep ~1e-6 relative; 2e-5 leaves margin for the SiLU rounding and the rsqrt.
    /// </summary>
    public const double Float32VsFloat64 = 2e-5;
}
