namespace CrystalKernels.Equivariant.Grids;

/// <summary>
/// Driscoll–Healy / Kostelec–Rockmore quadrature weights over the polar rows β_j = π(j + ½)/(2B), as e3nn's
/// _quadrature_weights (paper-spec §3.11): w_j = (2/B) sin(π(2j+1)/(4B)) Σ_{k&lt;B} sin((2j+1)(2k+1)π/(4B))/(2k+1),
/// then w_j /= 2·(2B)².
/// </summary>
public static class S2Quadrature
{
    /// <summary>The 2B weights for bandwidth B = resBeta / 2 (resBeta must be even).</summary>
    public static double[] Weights(int resBeta)
    {
        if (resBeta <= 0 || resBeta % 2 != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(resBeta), $"S2Quadrature: res_beta must be even and positive, got {resBeta}");
        }

        var b = resBeta / 2;
        var w = new double[resBeta];
        for (var j = 0; j < resBeta; j++)
        {
            var sum = 0.0;
            for (var k = 0; k < b; k++)
            {
                sum += Math.Sin(((2 * j) + 1) * ((2 * k) + 1) * Math.PI / (4.0 * b)) / ((2 * k) + 1);
            }

            w[j] = 2.0 / b * Math.Sin(Math.PI * ((2 * j) + 1) / (4.0 * b)) * sum / (2.0 * (2 * b) * (2 * b));
        }

        return w;
    }
}
