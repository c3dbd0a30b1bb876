namespace CrystalKernels.Equivariant.Radial;

/// <summary>
/// Gaussian distance expansion (paper-spec §3.1, §3.7; OCP GaussianSmearing): centres μ_k = linspace(start, stop, n)
/// and g_k(d) = exp(coeff · (d − μ_k)²) with coeff = −0.5 / (widthScale · (μ_1 − μ_0))². The paper config is
/// (0, 5 Å, 600, 2.0): spacing 0.00834724586 Å, coeff −1794.005 (float64 build), σ = 0.016694 Å.
/// </summary>
public sealed record GaussianSmearing(double Start, double Stop, int Count, double WidthScale)
{
    /// <summary>The paper configuration: 600 Gaussians on [0, 5] Å, width ×2.</summary>
    public static GaussianSmearing Paper { get; } = new(0.0, 5.0, 600, 2.0);

    /// <summary>Spacing μ_1 − μ_0 in double.</summary>
    public double Spacing => Count > 1 ? (Stop - Start) / (Count - 1)
        : throw new InvalidOperationException($"GaussianSmearing: need at least 2 centres, got {Count}");

    /// <summary>coeff of a float64 build.</summary>
    public double Coefficient => -0.5 / Math.Pow(WidthScale * Spacing, 2);

    /// <summary>
    /// coeff of a float32 build: the reference takes μ_1 − μ_0 from the float32 centres, then forms the coefficient
    /// in double (−1794.004804 for the paper config; 1.1e-7 relative from the float64 value).
    /// </summary>
    public double Float32BuildCoefficient
    {
        get
        {
            var mu = Float32Centres();
            return -0.5 / Math.Pow(WidthScale * ((double)mu[1] - mu[0]), 2);
        }
    }

    /// <summary>Centres μ_k in double, symmetric linspace (first half from start, second half from stop, as torch).</summary>
    public double[] Centres()
    {
        var step = Spacing;
        var mu = new double[Count];
        for (var k = 0; k < Count; k++)
        {
            mu[k] = k < Count / 2 ? Start + (step * k) : Stop - (step * (Count - 1 - k));
        }

        return mu;
    }

    /// <summary>Centres as a float32 linspace computes them (step and arithmetic in float32).</summary>
    public float[] Float32Centres()
    {
        var (start, stop) = ((float)Start, (float)Stop);
        var step = (stop - start) / (Count - 1);
        var mu = new float[Count];
        for (var k = 0; k < Count; k++)
        {
            mu[k] = k < Count / 2 ? start + (step * k) : stop - (step * (Count - 1 - k));
        }

        return mu;
    }
}
