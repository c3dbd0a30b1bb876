using CrystalKernels.Crystals;
using CrystalKernels.Crystals.Io;
using CrystalKernels.Tests.Support;

namespace CrystalKernels.Tests.Equivariance;

/// <summary>
/// Real MP-20 val crystals for the symmetry tests, read once: the first rows, plus the first 1-atom cell (self-image
/// edges lie exactly along lattice vectors), the first cubic cell (exact ties among |â·x̂|, |b̂·x̂|, |ĉ·x̂|), the first
/// 20-atom cell and the most oblique cell (mp-1103928, rhombohedral 17.3°: some edges need the face-normal fallback). Skips (Ignored) when ../shared/data is missing.
/// </summary>
internal static class Mp20Sample
{
    private static readonly Lazy<IReadOnlyList<Structure>> Head = new(() =>
        CsvDataset.Read(SharedPaths.Data("mp20", "val.csv.gz"))
            .Take(2000)
            .Where(e => e.Ok)
            .Select(e => e.Structure!)
            .ToList());

    /// <summary>The first <paramref name="count"/> rows of mp20/val.csv.gz that parse.</summary>
    public static IReadOnlyList<Structure> First(int count)
    {
        SharedPaths.RequireData("mp20", "val.csv.gz");
        return Head.Value.Take(count).ToList();
    }

    /// <summary>The first rows of mp20/val.csv.gz (up to 2,000) that parse.</summary>
    public static IReadOnlyList<Structure> All()
    {
        SharedPaths.RequireData("mp20", "val.csv.gz");
        return Head.Value;
    }

    /// <summary>Three ordinary crystals, the three special ones above and the most oblique cell (7 crystals).</summary>
    public static IReadOnlyList<Structure> Mixed()
    {
        var all = All();
        var picks = all.Take(3).ToList();
        picks.Add(all.First(s => s.Count == 1));
        picks.Add(all.First(IsCubic));
        picks.Add(all.First(s => s.Count == 20));
        picks.Add(all.MaxBy(s => LatticeRollTests.AlignmentBound(s.Lattice.ToRowMajor()))!);
        return picks;
    }

    public static bool IsCubic(Structure s)
    {
        var (a, b, c, alpha, beta, gamma) = s.Lattice.Parameters;
        return Math.Abs(a - b) < 1e-6 && Math.Abs(b - c) < 1e-6 &&
            Math.Abs(alpha - 90) < 1e-6 && Math.Abs(beta - 90) < 1e-6 && Math.Abs(gamma - 90) < 1e-6;
    }

    /// <summary>
    /// Highly symmetric cells, where ties among |â·x̂|, |b̂·x̂|, |ĉ·x̂| are everywhere: 1-atom simple cubic (Po),
    /// bcc primitive (mp-13 Fe), fcc primitive (Cu), and CsCl (cubic, edges along (±1, ±1, ±1)).
    /// </summary>
    public static IReadOnlyList<Structure> SymmetricCells()
    {
        var (h, f) = (2.8665 / 2, 3.615 / 2);
        return
        [
            new Structure(new Lattice(new Vec3(3.35, 0, 0), new Vec3(0, 3.35, 0), new Vec3(0, 0, 3.35)), [84], [Vec3.Zero], "Po-sc"),
            new Structure(new Lattice(new Vec3(-h, h, h), new Vec3(h, -h, h), new Vec3(h, h, -h)), [26], [Vec3.Zero], "Fe-bcc-mp-13"),
            new Structure(new Lattice(new Vec3(0, f, f), new Vec3(f, 0, f), new Vec3(f, f, 0)), [29], [Vec3.Zero], "Cu-fcc"),
            Structure.FromFractional(Lattice.FromParameters(4.11, 4.11, 4.11, 90, 90, 90), [55, 17], [Vec3.Zero, new Vec3(0.5, 0.5, 0.5)], "CsCl"),
        ];
    }
}
