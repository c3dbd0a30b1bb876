using System.Globalization;

namespace CrystalKernels.Crystals.Metrics;

/// <summary>An element in an oxidation state, written as pymatgen's Species strings in lambda.json ("Fe3+", "O2-").</summary>
public readonly record struct Ion(int Z, int Charge)
{
    public static Ion Parse(string text)
    {
        var i = 0;
        while (i < text.Length && char.IsAsciiLetter(text[i]))
        {
            i++;
        }

        var digits = i;
        while (i < text.Length && char.IsAsciiDigit(text[i]))
        {
            i++;
        }

        var z = Elements.TryZ(text[..digits]);
        if (z == 0 || i == digits || i != text.Length - 1 || (text[i] != '+' && text[i] != '-'))
        {
            throw new FormatException($"'{text}' is not an ion like \"Fe3+\"");
        }

        var magnitude = int.Parse(text.AsSpan(digits, i - digits), CultureInfo.InvariantCulture);
        return new Ion(z, text[i] == '-' ? -magnitude : magnitude);
    }

    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{Elements.Symbol(Z)}{Math.Abs(Charge)}{(Charge < 0 ? '-' : '+')}");
}
