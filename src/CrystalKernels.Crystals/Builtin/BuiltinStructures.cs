namespace CrystalKernels.Crystals.Builtin;

/// <summary>
/// A few real crystals written out by hand (conventional cells, every atom listed, cell in the a ∥ x orientation)
/// with room-temperature literature lattice constants. They need no data files, so tests, examples and the CLI can
/// use them, and they are an oracle independent of the CIF reader's symmetry expansion.
/// Sources (values as tabulated in the cited works):
/// - NaCl, rock salt, Fm-3m: a = 5.6402 Å (R. W. G. Wyckoff, Crystal Structures, vol. 1, 2nd ed., 1963).
/// - Si, diamond, Fd-3m: a = 5.431020511 Å (CODATA 2018 recommended Si lattice parameter, 22.5 °C, vacuum).
/// - CsCl, B2, Pm-3m: a = 4.123 Å (Wyckoff 1963).
/// - ZnS, sphalerite, F-43m: a = 5.4093 Å (Wyckoff 1963).
/// - TiO2, rutile, P4₂/mnm: a = 4.59366 Å, c = 2.95868 Å, O at (x, x, 0) with x = 0.30479
///   (S. C. Abrahams and J. L. Bernstein, J. Chem. Phys. 55, 3206 (1971)).
/// - SrTiO3, cubic perovskite, Pm-3m: a = 3.905 Å (room-temperature cubic phase; e.g. Yu. A. Abramov et al.,
///   Acta Cryst. B51, 942 (1995)).
/// </summary>
public static class BuiltinStructures
{
    public static Structure NaCl() => Cubic("NaCl", 5.6402,
        [.. Fcc(11, 0, 0, 0), .. Fcc(17, 0.5, 0.5, 0.5)]);

    public static Structure Si() => Cubic("Si", 5.431020511,
        [.. Fcc(14, 0, 0, 0), .. Fcc(14, 0.25, 0.25, 0.25)]);

    public static Structure CsCl() => Cubic("CsCl", 4.123,
        [(55, new Vec3(0, 0, 0)), (17, new Vec3(0.5, 0.5, 0.5))]);

    public static Structure ZnS() => Cubic("ZnS", 5.4093,
        [.. Fcc(30, 0, 0, 0), .. Fcc(16, 0.25, 0.25, 0.25)]);

    public static Structure TiO2Rutile()
    {
        const double x = 0.30479;
        var lattice = Lattice.FromParameters(4.59366, 4.59366, 2.95868, 90, 90, 90);
        (int Z, Vec3 F)[] sites =
        [
            (22, new Vec3(0, 0, 0)), (22, new Vec3(0.5, 0.5, 0.5)),
            (8, new Vec3(x, x, 0)), (8, new Vec3(1 - x, 1 - x, 0)),
            (8, new Vec3(0.5 + x, 0.5 - x, 0.5)), (8, new Vec3(0.5 - x, 0.5 + x, 0.5)),
        ];
        return Structure.FromFractional(lattice, sites.Select(s => s.Z).ToArray(), sites.Select(s => s.F).ToArray(), "TiO2-rutile");
    }

    public static Structure SrTiO3() => Cubic("SrTiO3", 3.905,
    [
        (38, new Vec3(0, 0, 0)), (22, new Vec3(0.5, 0.5, 0.5)),
        (8, new Vec3(0.5, 0.5, 0)), (8, new Vec3(0.5, 0, 0.5)), (8, new Vec3(0, 0.5, 0.5)),
    ]);

    /// <summary>Every built-in structure by name (the name is also its <see cref="Structure.Id"/>).</summary>
    public static IReadOnlyDictionary<string, Func<Structure>> All { get; } = new Dictionary<string, Func<Structure>>(StringComparer.OrdinalIgnoreCase)
    {
        ["NaCl"] = NaCl,
        ["Si"] = Si,
        ["CsCl"] = CsCl,
        ["ZnS"] = ZnS,
        ["TiO2-rutile"] = TiO2Rutile,
        ["SrTiO3"] = SrTiO3,
    };

    public static Structure Get(string name) =>
        All.TryGetValue(name, out var f) ? f() : throw new ArgumentException($"no built-in structure '{name}' (have {string.Join(", ", All.Keys)})");

    private static (int Z, Vec3 F)[] Fcc(int z, double x, double y, double w) =>
    [
        (z, new Vec3(x, y, w)), (z, new Vec3(x, y + 0.5, w + 0.5)),
        (z, new Vec3(x + 0.5, y, w + 0.5)), (z, new Vec3(x + 0.5, y + 0.5, w)),
    ];

    private static Structure Cubic(string id, double a, (int Z, Vec3 F)[] sites) =>
        Structure.FromFractional(Lattice.FromParameters(a, a, a, 90, 90, 90), sites.Select(s => s.Z).ToArray(),
            sites.Select(s => Reduce(s.F)).ToArray(), id);

    private static Vec3 Reduce(Vec3 f) => new(f.X % 1.0, f.Y % 1.0, f.Z % 1.0);
}
