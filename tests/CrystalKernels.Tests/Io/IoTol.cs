using CrystalKernels.Crystals;

namespace CrystalKernels.Tests.Io;

/// <summary>Tolerances of the structure I/O tests (kept beside them; see Support/Tol.cs for the suite-wide ones).</summary>
public static class IoTol
{
    /// <summary>Write/read round trips: the brief's bound; CIF and POSCAR write 10-16 decimals, the others are exact.</summary>
    public const double RoundTripAngstrom = 1e-6;

    /// <summary>Values parsed from short decimal text (cell lengths, fractions written with 4-10 digits).</summary>
    public const double Parsed = 1e-9;
}

/// <summary>Structure comparisons shared by the I/O tests.</summary>
public static class StructureAssert
{
    /// <summary>Same species in the same order, lattice rows and Cartesian positions within <paramref name="tol"/> Å.</summary>
    public static void Same(Structure expected, Structure actual, double tol, string what)
    {
        Assert.That(actual.Species, Is.EqualTo(expected.Species), $"{what}: species");
        for (var i = 0; i < 3; i++)
        {
            Assert.That((actual.Lattice[i] - expected.Lattice[i]).Norm, Is.LessThanOrEqualTo(tol), $"{what}: lattice vector {i}: {actual.Lattice[i]} vs {expected.Lattice[i]}");
        }

        for (var i = 0; i < expected.Count; i++)
        {
            Assert.That((actual.Positions[i] - expected.Positions[i]).Norm, Is.LessThanOrEqualTo(tol), $"{what}: atom {i}: {actual.Positions[i]} vs {expected.Positions[i]}");
        }
    }

    /// <summary>Same multiset of (species, fractional position mod 1), for structures whose atom order may differ.</summary>
    public static void SameSites(Structure expected, Structure actual, double fracTol, string what)
    {
        Assert.That(actual.Count, Is.EqualTo(expected.Count), $"{what}: atom count ({actual.Formula()} vs {expected.Formula()})");
        var fa = actual.FractionalPositions();
        var fe = expected.FractionalPositions();
        var used = new bool[actual.Count];
        for (var i = 0; i < expected.Count; i++)
        {
            var j = Enumerable.Range(0, actual.Count).FirstOrDefault(k => !used[k] && actual.Species[k] == expected.Species[i] && Close(fa[k], fe[i], fracTol), -1);
            Assert.That(j, Is.GreaterThanOrEqualTo(0), $"{what}: no match for {CrystalKernels.Crystals.Elements.Symbol(expected.Species[i])} at {fe[i]}");
            used[j] = true;
        }
    }

    private static bool Close(Vec3 a, Vec3 b, double tol)
    {
        static double D(double d) => Math.Abs(d - Math.Round(d));
        return D(a.X - b.X) <= tol && D(a.Y - b.Y) <= tol && D(a.Z - b.Z) <= tol;
    }

    /// <summary>A triclinic cell in a general orientation (not a ∥ x) with 5 atoms of 3 species.</summary>
    public static Structure Triclinic() =>
        Structure.FromFractional(
            new Lattice(new Vec3(4.1, 0.3, -0.2), new Vec3(0.7, 5.2, 0.4), new Vec3(-0.5, 1.1, 6.3)),
            [26, 26, 8, 8, 3],
            [new Vec3(0.1, 0.2, 0.3), new Vec3(0.6, 0.7, 0.8), new Vec3(0.25, 0.05, 0.9), new Vec3(0.75, 0.95, 0.1), new Vec3(0.5, 0.5, 0.5)],
            "tri-test");
}
