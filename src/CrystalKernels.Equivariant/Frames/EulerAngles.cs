namespace CrystalKernels.Equivariant.Frames;

/// <summary>
/// e3nn Y-X-Y Euler angles, R = Ry(α) Rx(β) Ry(γ) with Rx(t) = [[1,0,0],[0,c,−s],[0,s,c]] and
/// Ry(t) = [[c,0,s],[0,1,0],[−s,0,c]] (paper-spec §3.5 step 5, Appendix A).
/// </summary>
public readonly record struct EulerAngles(double Alpha, double Beta, double Gamma)
{
    /// <summary>
    /// The reference's rotation_to_wigner angles of a rotation matrix (row-major): u = R e_y, β = acos(clamp(u_y)),
    /// α = atan2(u_x, u_z), R' = (Ry(α) Rx(β))ᵀ R, γ = atan2(R'[0,2], R'[0,0]). At u = ±e_y (β = 0, π) α and γ
    /// depend on the sign of zero, but the composed rotation does not.
    /// </summary>
    public static EulerAngles FromMatrix(ReadOnlySpan<double> r)
    {
        var (ux, uy, uz) = (r[1], r[4], r[7]);
        var n = Math.Sqrt((ux * ux) + (uy * uy) + (uz * uz));
        (ux, uy, uz) = (ux / n, uy / n, uz / n);
        var beta = Math.Acos(Math.Clamp(uy, -1.0, 1.0));
        var alpha = Math.Atan2(ux, uz);
        // Row 0 of (Ry(α) Rx(β))ᵀ is (cos α, 0, −sin α).
        var (ca, sa) = (Math.Cos(alpha), Math.Sin(alpha));
        var r00 = (ca * r[0]) - (sa * r[6]);
        var r02 = (ca * r[2]) - (sa * r[8]);
        return new EulerAngles(alpha, beta, Math.Atan2(r02, r00));
    }

    /// <summary>Ry(α) Rx(β) Ry(γ), row-major 3×3.</summary>
    public double[] ToMatrix()
    {
        var (ca, sa) = (Math.Cos(Alpha), Math.Sin(Alpha));
        var (cb, sb) = (Math.Cos(Beta), Math.Sin(Beta));
        var (cg, sg) = (Math.Cos(Gamma), Math.Sin(Gamma));
        // Ry(α) Rx(β) = [[cα, sα sβ, sα cβ], [0, cβ, −sβ], [−sα, cα sβ, cα cβ]], then · Ry(γ).
        double[] m = [ca, sa * sb, sa * cb, 0, cb, -sb, -sa, ca * sb, ca * cb];
        var r = new double[9];
        for (var i = 0; i < 3; i++)
        {
            r[(i * 3) + 0] = (m[(i * 3) + 0] * cg) - (m[(i * 3) + 2] * sg);
            r[(i * 3) + 1] = m[(i * 3) + 1];
            r[(i * 3) + 2] = (m[(i * 3) + 0] * sg) + (m[(i * 3) + 2] * cg);
        }

        return r;
    }
}
