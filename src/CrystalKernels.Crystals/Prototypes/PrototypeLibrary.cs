namespace CrystalKernels.Crystals.Prototypes;

/// <summary>
/// The built-in prototypes with their textbook Wyckoff positions (International Tables settings; internal parameters
/// at typical values). Roles: A and B cations, X anion; elemental prototypes have one role.
/// </summary>
public static class PrototypeLibrary
{
    private static readonly Lattice Fcc = new(new Vec3(0, 0.5, 0.5), new Vec3(0.5, 0, 0.5), new Vec3(0.5, 0.5, 0));
    private static readonly Lattice Bcc = new(new Vec3(-0.5, 0.5, 0.5), new Vec3(0.5, -0.5, 0.5), new Vec3(0.5, 0.5, -0.5));
    private static readonly Lattice Cubic = new(new Vec3(1, 0, 0), new Vec3(0, 1, 0), new Vec3(0, 0, 1));

    public static IReadOnlyList<Prototype> All { get; } =
    [
        new("rocksalt", "NaCl", Fcc, [(0, V(0, 0, 0)), (1, V(0.5, 0.5, 0.5))], [[1, -1], [2, -2], [3, -3]]),
        new("cscl", "CsCl", Cubic, [(0, V(0, 0, 0)), (1, V(0.5, 0.5, 0.5))], [[1, -1], [2, -2]]),
        new("zincblende", "ZnS", Fcc, [(0, V(0, 0, 0)), (1, V(0.25, 0.25, 0.25))], [[2, -2], [3, -3], [1, -1]]),
        Wurtzite(),
        new("fluorite", "CaF2", Fcc, [(0, V(0, 0, 0)), (1, V(0.25, 0.25, 0.25)), (1, V(0.75, 0.75, 0.75))], [[2, -1], [4, -2]]),
        new("antifluorite", "Li2O", Fcc, [(1, V(0, 0, 0)), (0, V(0.25, 0.25, 0.25)), (0, V(0.75, 0.75, 0.75))], [[1, -2]]),
        new("perovskite", "SrTiO3", Cubic,
            [(0, V(0.5, 0.5, 0.5)), (1, V(0, 0, 0)), (2, V(0.5, 0, 0)), (2, V(0, 0.5, 0)), (2, V(0, 0, 0.5))],
            [[2, 4, -2], [3, 3, -2], [1, 5, -2], [1, 2, -1]]),
        Rutile(),
        CdI2(),
        Spinel(),
        Corundum(),
        new("fcc", "Cu", Fcc, [(0, V(0, 0, 0))], [[0]]),
        new("bcc", "Fe", Bcc, [(0, V(0, 0, 0))], [[0]]),
        new("diamond", "Si", Fcc, [(0, V(0, 0, 0)), (0, V(0.25, 0.25, 0.25))], [[0]]),
    ];

    public static Prototype Get(string name) =>
        All.FirstOrDefault(p => p.Name == name) ?? throw new ArgumentException($"unknown prototype '{name}' (known: {string.Join(", ", All.Select(p => p.Name))})");

    private static Vec3 V(double x, double y, double z) => new(x, y, z);

    // P6_3mc, ideal c/a = sqrt(8/3), u = 3/8.
    private static Prototype Wurtzite()
    {
        var c = Math.Sqrt(8.0 / 3.0);
        var cell = Lattice.FromParameters(1, 1, c, 90, 90, 120);
        const double u = 0.375;
        return new("wurtzite", "ZnO", cell,
            [(0, V(1.0 / 3, 2.0 / 3, 0)), (0, V(2.0 / 3, 1.0 / 3, 0.5)), (1, V(1.0 / 3, 2.0 / 3, u)), (1, V(2.0 / 3, 1.0 / 3, 0.5 + u))],
            [[2, -2], [3, -3]]);
    }

    // P4_2/mnm, c/a = 0.644, x(O) = 0.305 (TiO2).
    private static Prototype Rutile()
    {
        var cell = Lattice.FromParameters(1, 1, 0.644, 90, 90, 90);
        const double u = 0.305;
        return new("rutile", "TiO2", cell,
            [(0, V(0, 0, 0)), (0, V(0.5, 0.5, 0.5)), (1, V(u, u, 0)), (1, V(1 - u, 1 - u, 0)), (1, V(0.5 + u, 0.5 - u, 0.5)), (1, V(0.5 - u, 0.5 + u, 0.5))],
            [[4, -2], [2, -1]]);
    }

    // P-3m1, c/a = 1.6, z(X) = 0.25 (CdI2 layered).
    private static Prototype CdI2()
    {
        var cell = Lattice.FromParameters(1, 1, 1.6, 90, 90, 120);
        return new("cdi2", "CdI2", cell, [(0, V(0, 0, 0)), (1, V(1.0 / 3, 2.0 / 3, 0.25)), (1, V(2.0 / 3, 1.0 / 3, 0.75))], [[2, -1], [4, -2]]);
    }

    // Fd-3m origin choice 2: A 8a, B 16d, X 32e with u = 0.2625, reduced to the 14-atom primitive cell.
    private static Prototype Spinel()
    {
        const double x = 0.2625;
        (int, Vec3)[] conventional =
        [
            (0, V(0.125, 0.125, 0.125)), (0, V(0.875, 0.375, 0.375)),
            (1, V(0.5, 0.5, 0.5)), (1, V(0.25, 0.75, 0)), (1, V(0.75, 0, 0.25)), (1, V(0, 0.25, 0.75)),
            (2, V(x, x, x)), (2, V(-x + 0.75, -x + 0.25, x + 0.5)), (2, V(-x + 0.25, x + 0.5, -x + 0.75)), (2, V(x + 0.5, -x + 0.75, -x + 0.25)),
            (2, V(-x, -x, -x)), (2, V(x + 0.25, x + 0.75, -x + 0.5)), (2, V(x + 0.75, -x + 0.5, x + 0.25)), (2, V(-x + 0.5, x + 0.25, x + 0.75)),
        ];
        return new("spinel", "MgAl2O4", Fcc, ToPrimitive(conventional, Cubic, Fcc, [V(0, 0, 0), V(0, 0.5, 0.5), V(0.5, 0, 0.5), V(0.5, 0.5, 0)]),
            [[2, 3, -2], [4, 2, -2]]);
    }

    // R-3c hexagonal setting (Al2O3): M 12c (0,0,z) z = 0.352, O 18e (x,0,1/4) x = 0.306; c/a = 2.73; 30 atoms.
    private static Prototype Corundum()
    {
        const double z = 0.352, x = 0.306;
        var cell = Lattice.FromParameters(1, 1, 2.73, 90, 90, 120);
        (int, Vec3)[] asym =
        [
            (0, V(0, 0, z)), (0, V(0, 0, -z + 0.5)), (0, V(0, 0, -z)), (0, V(0, 0, z + 0.5)),
            (1, V(x, 0, 0.25)), (1, V(0, x, 0.25)), (1, V(-x, -x, 0.25)), (1, V(-x, 0, 0.75)), (1, V(0, -x, 0.75)), (1, V(x, x, 0.75)),
        ];
        var rCentring = new[] { V(0, 0, 0), V(2.0 / 3, 1.0 / 3, 1.0 / 3), V(1.0 / 3, 2.0 / 3, 2.0 / 3) };
        var sites = rCentring.SelectMany(t => asym.Select(s => (s.Item1, Wrap(s.Item2 + t)))).ToArray();
        return new("corundum", "Al2O3", cell, sites, [[3, -2]]);
    }

    /// <summary>Applies the centring translations in the conventional cell and keeps one copy per primitive cell.</summary>
    private static (int, Vec3)[] ToPrimitive((int, Vec3)[] sites, Lattice conventional, Lattice primitive, Vec3[] centring)
    {
        var result = new List<(int, Vec3)>();
        foreach (var (role, f) in sites)
        {
            foreach (var t in centring)
            {
                var p = Wrap(primitive.ToFractional(conventional.ToCartesian(f + t)));
                if (!result.Any(r => r.Item1 == role && PeriodicDistance(r.Item2, p) < 1e-6))
                {
                    result.Add((role, p));
                }
            }
        }

        return result.ToArray();
    }

    private static Vec3 Wrap(Vec3 f) => new(f.X - Math.Floor(f.X + 1e-9), f.Y - Math.Floor(f.Y + 1e-9), f.Z - Math.Floor(f.Z + 1e-9));

    private static double PeriodicDistance(Vec3 a, Vec3 b)
    {
        var d = a - b;
        return new Vec3(d.X - Math.Round(d.X), d.Y - Math.Round(d.Y), d.Z - Math.Round(d.Z)).Norm;
    }
}
