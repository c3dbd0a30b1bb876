namespace CrystalKernels.Equivariant.Frames;

/// <summary>
/// How the edge frame R_e turns when the edge vector moves, with the roll choice held fixed (as in the reference's
/// autograd): for each input direction j, Ω_j = (∂R_e/∂r_j) R_eᵀ is antisymmetric and ω_j = vee(Ω_j) is the angular
/// velocity. Forward-mode through x̂ = r/|r|, ẑ = n(x̂ × s), ŷ = n(x̂ × ẑ), with d n(c) = (dc − n (n·dc))/|c|. With rows
/// (ẑ, x̂, −ŷ): ω_x = Ω[2,1] = −dŷ·x̂, ω_y = Ω[0,2] = −dẑ·ŷ, ω_z = Ω[1,0] = dx̂·ẑ. Well defined at the poles too.
/// </summary>
public static class EdgeFrameDerivative
{
    /// <summary>ω[j, k] = vee((∂R_e/∂r_j) R_eᵀ)_k, row-major 3×3 into <paramref name="omega"/>.</summary>
    public static void AngularJacobian(double rx, double ry, double rz, RollVector roll, Span<double> omega) =>
        AngularJacobian(rx, ry, rz, roll.Candidates, omega);

    /// <summary>As above with the roll chosen from <paramref name="roll"/> (held fixed: it does not depend on r).</summary>
    public static void AngularJacobian(double rx, double ry, double rz, in RollCandidates roll, Span<double> omega)
    {
        var d = Math.Sqrt((rx * rx) + (ry * ry) + (rz * rz));
        V x = new(rx / d, ry / d, rz / d);
        var sel = roll.Select(x.X, x.Y, x.Z);
        V s = new(sel.X, sel.Y, sel.Z);
        var c = x.Cross(s);
        var cn = c.Norm();
        var z = c.Scale(1 / cn);
        var c2 = x.Cross(z);
        var c2n = c2.Norm();
        var y = c2.Scale(1 / c2n);
        for (var j = 0; j < 3; j++)
        {
            var e = new V(j == 0 ? 1 : 0, j == 1 ? 1 : 0, j == 2 ? 1 : 0);
            var dx = e.Sub(x.Scale(x[j])).Scale(1 / d);
            var dc = dx.Cross(s);
            var dz = dc.Sub(z.Scale(z.Dot(dc))).Scale(1 / cn);
            var dc2 = dx.Cross(z).Add(x.Cross(dz));
            var dy = dc2.Sub(y.Scale(y.Dot(dc2))).Scale(1 / c2n);
            omega[(3 * j) + 0] = -dy.Dot(x);
            omega[(3 * j) + 1] = -dz.Dot(y);
            omega[(3 * j) + 2] = dx.Dot(z);
        }
    }

    private readonly record struct V(double X, double Y, double Z)
    {
        public double this[int i] => i switch { 0 => X, 1 => Y, _ => Z };

        public V Cross(V b) => new((Y * b.Z) - (Z * b.Y), (Z * b.X) - (X * b.Z), (X * b.Y) - (Y * b.X));

        public double Dot(V b) => (X * b.X) + (Y * b.Y) + (Z * b.Z);

        public double Norm() => Math.Sqrt(Dot(this));

        public V Scale(double a) => new(a * X, a * Y, a * Z);

        public V Add(V b) => new(X + b.X, Y + b.Y, Z + b.Z);

        public V Sub(V b) => new(X - b.X, Y - b.Y, Z - b.Z);
    }
}
