namespace CrystalKernels.Equivariant.Frames;

/// <summary>
/// The edge rotation R_e (paper-spec §3.5 steps 1–4; FORK edge_rot_mat.py): x̂ = r/|r|, s = the roll vector's choice,
/// ẑ = normalise(x̂ × s), ŷ = normalise(x̂ × ẑ), and R_e has rows (ẑ, x̂, −ŷ). It is a proper rotation with R_e x̂ = +e_y:
/// the edge goes onto the polar axis of the real spherical harmonics.
/// </summary>
public static class EdgeFrame
{
    /// <summary>Edges shorter than this (Å) have no reliable direction (the reference logs an error below it).</summary>
    public const double MinLength = 1e-4;

    /// <summary>R_e row-major into <paramref name="rotation"/> (9 values); returns the roll branch (0 = v, 1 = v_b, 2 = v_c).</summary>
    public static int Compute(double rx, double ry, double rz, RollVector roll, Span<double> rotation) =>
        Compute(rx, ry, rz, roll.Candidates, rotation);

    /// <summary>R_e row-major into <paramref name="rotation"/> (9 values); returns the chosen candidate's branch (0, 1, 2).</summary>
    public static int Compute(double rx, double ry, double rz, in RollCandidates roll, Span<double> rotation)
    {
        var d = Math.Sqrt((rx * rx) + (ry * ry) + (rz * rz));
        if (!(d >= MinLength) || !double.IsFinite(d))
        {
            throw new ArgumentException($"EdgeFrame: edge vector ({rx}, {ry}, {rz}) has length {d}, below {MinLength} Å or not finite");
        }

        var (xx, xy, xz) = (rx / d, ry / d, rz / d);
        var s = roll.Select(xx, xy, xz);
        var (zx, zy, zz) = Normalise(Cross(xx, xy, xz, s.X, s.Y, s.Z));
        var (yx, yy, yz) = Normalise(Cross(xx, xy, xz, zx, zy, zz));
        rotation[0] = zx;
        rotation[1] = zy;
        rotation[2] = zz;
        rotation[3] = xx;
        rotation[4] = xy;
        rotation[5] = xz;
        rotation[6] = -yx;
        rotation[7] = -yy;
        rotation[8] = -yz;
        return s.Branch;
    }

    private static (double, double, double) Cross(double ax, double ay, double az, double bx, double by, double bz) =>
        ((ay * bz) - (az * by), (az * bx) - (ax * bz), (ax * by) - (ay * bx));

    private static (double, double, double) Normalise((double X, double Y, double Z) v)
    {
        var n = Math.Sqrt((v.X * v.X) + (v.Y * v.Y) + (v.Z * v.Z));
        return (v.X / n, v.Y / n, v.Z / n);
    }
}
