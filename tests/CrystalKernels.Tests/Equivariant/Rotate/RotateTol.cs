namespace CrystalKernels.Tests.Equivariant.Rotate;

/// <summary>Tolerances of the eqrot tests, with how they were chosen.</summary>
public static class RotateTol
{
    /// <summary>Block-diagonal kernel vs the dense matrix product in double, relative to the output's max abs: the
    /// same ≤ 13 products per element, summed in a different order (plus the dense zeros): a few ulps.</summary>
    public const double DenseFloat64 = 1e-14;

    /// <summary>Dᵀ D = I and D_red D_redᵀ = I through two rotations of double blocks, relative to the max abs: the blocks
    /// are orthogonal to ~1e-15 (Euler route in double), times ≤ 13 terms twice.</summary>
    public const double OrthogonalityFloat64 = 1e-13;

    /// <summary>Float64 port vs the fixture (dense rotate matrices on random features; model-small's rotated message),
    /// relative to the max abs value: the README's forward tolerance (1e-12); the blocks themselves agree to 1e-14.</summary>
    public const double Fixture = 1e-12;

    /// <summary>The same within 1e-3 rad of ±y: there the Euler route may leave up to ~1e-10 in D (README; measured
    /// 2e-13 on these edges), and an output sums ≤ 13 such entries times |x| ≤ 1.</summary>
    public const double FixtureNearPole = 2e-9;

    /// <summary>Float32 ops vs float64 on the same float32 inputs, relative to the output's max abs: each output sums
    /// ≤ 13 products of |B| ≤ 1 and |x| ≤ 1 with float32 rounding (u = 6e-8) per add, and RotateInv adds a rounded
    /// rescale and a second level; the bound (2·13+2)·u·13 is 2e-5 worst case; measured 2.1e-7 (C = 37 and 256).</summary>
    public const double Float32 = 2e-6;

    /// <summary>dL/dBlocks in float32: dot products over C ≤ 256 channels of ~unit values, relative to the max abs
    /// gradient; TensorPrimitives.Dot keeps vector-wide partial sums, so the error grows far slower than u·C (measured
    /// 1.5e-7 at C = 256).</summary>
    public const double Float32BlockGrad = 3e-6;

    /// <summary>SmoothLeakyRelu in double vs the reference's form, |Δ| / max(1, |f|): x(a + (1−a)σ) and the reference's
    /// three-term sum differ by a few ulps (TensorPrimitives.Sigmoid vs 1/(1+Math.Exp(−x))).</summary>
    public const double SmoothLeakyReluFloat64 = 1e-14;

    /// <summary>SmoothLeakyRelu and its gradient, float32 vs float64 on the same inputs, |Δ| / max(1, |ref|):
    /// float32 sigmoid is within a few ulps (6e-8) and the formula adds 3–6 rounded operations on O(1) values.</summary>
    public const double SmoothLeakyReluFloat32 = 1e-6;
}
