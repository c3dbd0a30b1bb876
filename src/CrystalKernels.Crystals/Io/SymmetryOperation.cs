namespace CrystalKernels.Crystals.Io;

/// <summary>
/// A space-group operation on fractional coordinates, f' = R f + t, parsed from the CIF "x,y,z" notation:
/// "-x+1/2, y, -z", "1/2+x,x-y,z+0.25", "X,Y,Z". Each of the three parts is a signed sum of terms, a term being
/// x, y or z with an optional numeric factor ("2x", "2*x") or a constant (integer, decimal or fraction).
/// </summary>
public sealed class SymmetryOperation
{
    private readonly double[] r;
    private readonly double[] t;

    private SymmetryOperation(double[] r, double[] t, string text)
    {
        this.r = r;
        this.t = t;
        Text = text;
    }

    public static SymmetryOperation Identity { get; } = new([1, 0, 0, 0, 1, 0, 0, 0, 1], [0, 0, 0], "x,y,z");

    public string Text { get; }

    /// <summary>Row-major 3×3 rotation part.</summary>
    public ReadOnlySpan<double> Rotation => r;

    public Vec3 Translation => new(t[0], t[1], t[2]);

    public Vec3 Apply(Vec3 f) => new(
        r[0] * f.X + r[1] * f.Y + r[2] * f.Z + t[0],
        r[3] * f.X + r[4] * f.Y + r[5] * f.Z + t[1],
        r[6] * f.X + r[7] * f.Y + r[8] * f.Z + t[2]);

    /// <summary>Parses one operation; the error names file, line and the offending part.</summary>
    public static SymmetryOperation Parse(string text, string file, int line)
    {
        // Magnetic CIFs append the time-reversal sign as a fourth part ("x,y,z,+1"); it does not move atoms.
        var parts = text.Split(',');
        if (parts.Length is not (3 or 4))
        {
            throw new CrystalFormatException(file, line, $"symmetry operation '{text}' does not have three comma-separated parts");
        }

        var rot = new double[9];
        var tr = new double[3];
        for (var i = 0; i < 3; i++)
        {
            ParsePart(parts[i], text, i, rot, tr, file, line);
        }

        var det = rot[0] * (rot[4] * rot[8] - rot[5] * rot[7]) - rot[1] * (rot[3] * rot[8] - rot[5] * rot[6]) +
                  rot[2] * (rot[3] * rot[7] - rot[4] * rot[6]);
        if (Math.Abs(Math.Abs(det) - 1) > 1e-6)
        {
            throw new CrystalFormatException(file, line, $"symmetry operation '{text}' is not invertible with |det| = 1 (det {det:G4})");
        }

        return new SymmetryOperation(rot, tr, text.Replace(" ", string.Empty, StringComparison.Ordinal));
    }

    private static void ParsePart(string part, string whole, int row, double[] rot, double[] tr, string file, int line)
    {
        var s = part.Replace(" ", string.Empty, StringComparison.Ordinal).ToLowerInvariant();
        if (s.Length == 0)
        {
            throw Bad();
        }

        var p = 0;
        while (p < s.Length)
        {
            var sign = 1.0;
            if (s[p] is '+' or '-')
            {
                sign = s[p] == '-' ? -1 : 1;
                p++;
            }

            // Optional number (coefficient or constant), possibly a fraction.
            var b = p;
            while (p < s.Length && (char.IsAsciiDigit(s[p]) || s[p] is '.' or '/'))
            {
                p++;
            }

            double? number = null;
            if (p > b)
            {
                if (!CrystalNumber.TryParse(s.AsSpan(b, p - b), out var v))
                {
                    throw Bad();
                }

                number = v;
            }

            if (p < s.Length && s[p] == '*')
            {
                p++;
            }

            if (p < s.Length && s[p] is 'x' or 'y' or 'z')
            {
                rot[3 * row + (s[p] - 'x')] += sign * (number ?? 1.0);
                p++;
            }
            else if (number is { } c)
            {
                tr[row] += sign * c;
            }
            else
            {
                throw Bad();
            }

            if (p < s.Length && s[p] is not ('+' or '-'))
            {
                throw Bad();
            }
        }

        CrystalFormatException Bad() =>
            new(file, line, $"cannot parse part {row + 1} ('{part.Trim()}') of symmetry operation '{whole}'");
    }
}
