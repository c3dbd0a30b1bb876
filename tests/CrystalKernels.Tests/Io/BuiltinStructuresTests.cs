using CrystalKernels.Crystals;
using CrystalKernels.Crystals.Builtin;

namespace CrystalKernels.Tests.Io;

/// <summary>The hand-written structures reproduce textbook geometry: counts, nearest-neighbour distances.</summary>
public class BuiltinStructuresTests
{
    [TestCase("NaCl", "Na4 Cl4", 5.6402 / 2)]
    [TestCase("Si", "Si8", 5.431020511 * 1.7320508075688772 / 4)]
    [TestCase("CsCl", "Cl1 Cs1", 4.123 * 1.7320508075688772 / 2)]
    [TestCase("ZnS", "S4 Zn4", 5.4093 * 1.7320508075688772 / 4)]
    [TestCase("SrTiO3", "O3 Ti1 Sr1", 3.905 / 2)]
    [TestCase("TiO2-rutile", "O4 Ti2", 1.948510)]
    public void FormulaAndNearestNeighbour(string name, string formula, double nn)
    {
        var s = BuiltinStructures.Get(name);
        Assert.That(s.Formula(), Is.EqualTo(formula));
        Assert.That(s.Id, Is.EqualTo(name));
        // Rutile's shortest Ti-O bonds are the four equatorial ones, sqrt(2((1/2 - x) a)² + (c/2)²) = 1.94851 Å
        // (the two apical ones are sqrt(2) x a = 1.98004 Å), matching the published 4 × 1.95 + 2 × 1.98 Å octahedron.
        Assert.That(MinDistance(s), Is.EqualTo(nn).Within(name == "TiO2-rutile" ? 1e-5 : 1e-9));
        Assert.That(s.Lattice.A.Y, Is.EqualTo(0));
        Assert.That(s.Lattice.B.Z, Is.EqualTo(0));
    }

    [Test]
    public void UnknownNameIsAnError() =>
        Assert.That(() => BuiltinStructures.Get("unobtainium"), Throws.ArgumentException.With.Message.Contains("NaCl"));

    /// <summary>Shortest distance between two atoms over the 27 neighbouring cell images.</summary>
    private static double MinDistance(Structure s)
    {
        var best = double.MaxValue;
        for (var i = 0; i < s.Count; i++)
        {
            for (var j = 0; j < s.Count; j++)
            {
                for (var a = -1; a <= 1; a++)
                {
                    for (var b = -1; b <= 1; b++)
                    {
                        for (var c = -1; c <= 1; c++)
                        {
                            if (i == j && a == 0 && b == 0 && c == 0)
                            {
                                continue;
                            }

                            var d = (s.Positions[j] + a * s.Lattice.A + b * s.Lattice.B + c * s.Lattice.C - s.Positions[i]).Norm;
                            best = Math.Min(best, d);
                        }
                    }
                }
            }
        }

        return best;
    }
}
