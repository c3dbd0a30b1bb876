using System.Globalization;

namespace CrystalKernels.Crystals.Io;

/// <summary>
/// Element from a species or site label as files write them: "Fe", "Fe2+", "O2-", "Li1+", "Pb1", "O12A", "CA1"
/// (upper-case labels), "Fe_pv" (POTCAR names). The element is the leading one- or two-letter symbol, case-folded;
/// as in pymatgen's CIF parser the two-letter reading wins when it is an element, so the all-caps type symbols of
/// COD/ICSD files read right ("CA" calcium, "NB" niobium), while "Ow" or "CB1" fall back to one letter (O, C).
/// </summary>
public static class SpeciesLabel
{
    /// <summary>Atomic number of the element a label names, or 0 when it names none.</summary>
    public static int TryElement(ReadOnlySpan<char> label)
    {
        label = label.Trim();
        if (label.Length == 0 || !char.IsAsciiLetter(label[0]))
        {
            return 0;
        }

        var first = char.ToUpperInvariant(label[0]);
        if (label.Length >= 2 && char.IsAsciiLetter(label[1]))
        {
            var second = label[1];
            var two = Elements.TryZ(string.Concat(first.ToString(), char.ToLowerInvariant(second).ToString()));
            var one = Elements.TryZ(first.ToString());
            if (two > 0)
            {
                return two;
            }

            // "Xx" where "Xx" is no element but "X" is: a label such as "Ow" or "Hb"; "Dx" is deuterium.
            return one > 0 ? one : first == 'D' ? 1 : 0;
        }

        // Deuterium ("D", "D1") is hydrogen for a structure model.
        return first == 'D' ? 1 : Elements.TryZ(first.ToString());
    }

    /// <summary>Element of a label; throws a <see cref="CrystalFormatException"/> at file:line when there is none.</summary>
    public static int Element(string label, string file, int line, string field)
    {
        var z = TryElement(label);
        return z > 0 ? z : throw new CrystalFormatException(file, line, $"{field} '{label}' does not name an element");
    }
}

/// <summary>Numbers as crystallographic files write them.</summary>
public static class CrystalNumber
{
    /// <summary>
    /// Parses "5.431", "5.431(2)" (standard uncertainty dropped), "90.", "90.(0)", "1/3" and "-1.5e-3"; false for
    /// "?" / "." (CIF unknown / inapplicable) and anything else.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<char> s, out double value)
    {
        s = s.Trim();
        var paren = s.IndexOf('(');
        if (paren >= 0)
        {
            if (!s.EndsWith(")"))
            {
                value = 0;
                return false;
            }

            s = s[..paren];
        }

        var slash = s.IndexOf('/');
        if (slash > 0)
        {
            if (double.TryParse(s[..slash], NumberStyles.Float, CultureInfo.InvariantCulture, out var num) &&
                double.TryParse(s[(slash + 1)..], NumberStyles.Float, CultureInfo.InvariantCulture, out var den) && den != 0)
            {
                value = num / den;
                return true;
            }

            value = 0;
            return false;
        }

        return double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out value) && double.IsFinite(value);
    }

    public static double Parse(string s, string file, int line, string field) =>
        TryParse(s, out var v) ? v : throw new CrystalFormatException(file, line, $"{field} '{s}' is not a number");

    public static string Format(double v, string format) => v.ToString(format, CultureInfo.InvariantCulture);
}
