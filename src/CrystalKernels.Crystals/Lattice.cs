namespace CrystalKernels.Crystals;

/// <summary>
/// A periodic cell: rows are the lattice vectors a, b, c in Å (ASE convention, cart = frac @ cell).
/// The paper-spec orientation (2.1) puts a along +x and b in the xy-plane; <see cref="FromParameters"/> builds cells
/// in it and <see cref="Standardized"/> rotates any cell into it.
/// </summary>
public sealed class Lattice
{
    public Lattice(Vec3 a, Vec3 b, Vec3 c)
    {
        A = a;
        B = b;
        C = c;
        var vol = a.Dot(b.Cross(c));
        if (!(Math.Abs(vol) > 1e-8) || !double.IsFinite(vol))
        {
            throw new ArgumentException($"lattice vectors {a}, {b}, {c} are degenerate (volume {vol})");
        }

        Volume = Math.Abs(vol);
        var inv = 1.0 / vol;
        // Reciprocal vectors without 2π: frac = cart · [ra rb rc] columns.
        RecipA = inv * b.Cross(c);
        RecipB = inv * c.Cross(a);
        RecipC = inv * a.Cross(b);
    }

    public Vec3 A { get; }

    public Vec3 B { get; }

    public Vec3 C { get; }

    public Vec3 RecipA { get; }

    public Vec3 RecipB { get; }

    public Vec3 RecipC { get; }

    public double Volume { get; }

    public Vec3 this[int i] => i switch { 0 => A, 1 => B, 2 => C, _ => throw new ArgumentOutOfRangeException(nameof(i)) };

    /// <summary>Cell lengths (Å) and angles (degrees).</summary>
    public (double A, double B, double C, double Alpha, double Beta, double Gamma) Parameters =>
        (A.Norm, B.Norm, C.Norm, Angle(B, C), Angle(A, C), Angle(A, B));

    /// <summary>ASE cellpar_to_cell: a = (a,0,0), b = (b cosγ, b sinγ, 0), c in the remaining direction.</summary>
    public static Lattice FromParameters(double a, double b, double c, double alphaDeg, double betaDeg, double gammaDeg)
    {
        var (ca, cb, cg) = (CosDeg(alphaDeg), CosDeg(betaDeg), CosDeg(gammaDeg));
        var sg = SinDeg(gammaDeg);
        var cx = c * cb;
        var cy = c * (ca - cb * cg) / sg;
        var cz2 = c * c - cx * cx - cy * cy;
        if (!(cz2 > 0))
        {
            throw new ArgumentException(FormattableString.Invariant($"cell parameters a={a} b={b} c={c} alpha={alphaDeg} beta={betaDeg} gamma={gammaDeg} do not form a cell"));
        }

        return new Lattice(new Vec3(a, 0, 0), new Vec3(b * cg, b * sg, 0), new Vec3(cx, cy, Math.Sqrt(cz2)));
    }

    /// <summary>The same cell rotated into the paper-spec orientation (a along +x, b in the xy-plane).</summary>
    public Lattice Standardized()
    {
        var p = Parameters;
        return FromParameters(p.A, p.B, p.C, p.Alpha, p.Beta, p.Gamma);
    }

    public Vec3 ToCartesian(Vec3 frac) => frac.X * A + frac.Y * B + frac.Z * C;

    public Vec3 ToFractional(Vec3 cart) => new(cart.Dot(RecipA), cart.Dot(RecipB), cart.Dot(RecipC));

    /// <summary>Interplanar spacing of the planes spanned by the other two vectors, for direction i.</summary>
    public double PlaneSpacing(int i) => 1.0 / (i == 0 ? RecipA : i == 1 ? RecipB : RecipC).Norm;

    public double[] ToRowMajor() => [A.X, A.Y, A.Z, B.X, B.Y, B.Z, C.X, C.Y, C.Z];

    public static Lattice FromRowMajor(ReadOnlySpan<double> m) =>
        new(new Vec3(m[0], m[1], m[2]), new Vec3(m[3], m[4], m[5]), new Vec3(m[6], m[7], m[8]));

    private static double Angle(Vec3 u, Vec3 v) => Math.Acos(Math.Clamp(u.Dot(v) / (u.Norm * v.Norm), -1, 1)) * 180.0 / Math.PI;

    // Exact values at the common right angles keep cells built from CIF parameters free of 1e-17 noise.
    private static double CosDeg(double d) => Math.Abs(d - 90) < 1e-12 ? 0.0 : Math.Cos(d * Math.PI / 180.0);

    private static double SinDeg(double d) => Math.Abs(d - 90) < 1e-12 ? 1.0 : Math.Sin(d * Math.PI / 180.0);
}
