using CrystalKernels.Equivariant.So3;

namespace CrystalKernels.Equivariant.Wigner;

/// <summary>
/// The so(3) generators in the degree-l real basis, L^l_k = d/dt D^l(exp(t K_k)) at t = 0, for the Cartesian generators
/// K_x, K_y, K_z (K_k v = e_k × v). From D^l(Ry(θ)) = X_l(θ) and D^l(Rx(β)) = J_l X_l(β) J_l (the Euler formula at
/// α = γ = 0): L_y[i, 2l−i] = l − i (i ≠ l), L_x = J L_y J, and L_z = [L_x, L_y] because [K_x, K_y] = K_z. They give
/// the derivative of D along any rotation: D^l(exp(Ω) R) ≈ (I + Σ_k ω_k L^l_k) D^l(R).
/// </summary>
public static class WignerGenerators
{
    private static readonly Lock Gate = new();
    private static readonly List<double[][]> Cache = [];

    /// <summary>[L_x, L_y, L_z] of degree l, each (2l+1)×(2l+1) row-major. Cached; do not mutate.</summary>
    public static double[][] Of(int l)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(l);
        lock (Gate)
        {
            while (Cache.Count <= l)
            {
                Cache.Add(Generate(Cache.Count));
            }

            return Cache[l];
        }
    }

    private static double[][] Generate(int l)
    {
        var n = (2 * l) + 1;
        var ly = new double[n * n];
        for (var i = 0; i < n; i++)
        {
            if (i != l)
            {
                ly[(i * n) + (2 * l) - i] = l - i;
            }
        }

        var j = JMatrices.Of(l);
        var lx = SmallMatrix.Multiply(SmallMatrix.Multiply(j, ly, n), j, n);
        var xy = SmallMatrix.Multiply(lx, ly, n);
        var yx = SmallMatrix.Multiply(ly, lx, n);
        var lz = xy.Zip(yx, (a, b) => a - b).ToArray();
        return [lx, ly, lz];
    }
}
