using CrystalKernels.Crystals;

namespace CrystalKernels.Training.Plots;

/// <summary>
/// Period and group of each element, and its cell in the usual 18-column table. Groups follow pymatgen's
/// <c>Element.group</c>: the lanthanides La–Lu and actinides Ac–Lr all count as group 3. In the drawn table they sit in
/// two extra rows (8 and 9, 0-based, under a blank row 7), La/Ac in column 2 (0-based) through Lu/Lr in column 16,
/// and the group-3 cells of periods 6 and 7 stay empty.
/// </summary>
public static class PeriodicTable
{
    public const int Columns = 18;
    public const int Rows = 10;

    // Last atomic number of periods 1..7.
    private static readonly int[] PeriodEnds = [2, 10, 18, 36, 54, 86, 118];

    public static int Period(int z)
    {
        Check(z);
        var p = 0;
        while (z > PeriodEnds[p])
        {
            p++;
        }

        return p + 1;
    }

    public static bool IsLanthanide(int z) => z is >= 57 and <= 71;

    public static bool IsActinide(int z) => z is >= 89 and <= 103;

    /// <summary>IUPAC group 1–18; 3 for every lanthanide and actinide (pymatgen's convention).</summary>
    public static int Group(int z)
    {
        var period = Period(z);
        if (IsLanthanide(z) || IsActinide(z))
        {
            return 3;
        }

        var first = period == 1 ? 1 : PeriodEnds[period - 2] + 1;
        var k = z - first; // 0-based position in the period
        return period switch
        {
            1 => z == 1 ? 1 : 18,
            2 or 3 => k < 2 ? k + 1 : k + 11,
            4 or 5 => k + 1,
            _ => k < 2 ? k + 1 : k + 1 - 14, // periods 6, 7: the 14 f-block elements after La/Ac are not in the main row
        };
    }

    /// <summary>0-based (row, column) of the element's cell in the drawn table (row 0 = period 1).</summary>
    public static (int Row, int Column) Cell(int z)
    {
        if (IsLanthanide(z))
        {
            return (8, 2 + (z - 57));
        }

        if (IsActinide(z))
        {
            return (9, 2 + (z - 89));
        }

        return (Period(z) - 1, Group(z) - 1);
    }

    private static void Check(int z)
    {
        if (z < 1 || z > Elements.Count)
        {
            throw new ArgumentOutOfRangeException(nameof(z), $"periodic table: atomic number {z} is outside 1..{Elements.Count}");
        }
    }
}
