using CrystalKernels.Crystals;
using CrystalKernels.Crystals.Matching;
using CrystalKernels.Tensors.Random;
using CrystalKernels.Tests.Graph;

namespace CrystalKernels.Tests.Matching;

/// <summary>Niggli reduction: the Křivý–Gruber worked example, uniqueness over random bases, the Niggli conditions.</summary>
public class NiggliReductionTests
{
    /// <summary>
    /// Křivý &amp; Gruber (1976) example, also used by cctbx and spglib: (A, B, C, ξ, η, ζ) = (9, 27, 4, −5, −4, −22)
    /// reduces to (4, 9, 9, 9, 3, 4).
    /// </summary>
    [Test]
    public void KrivyGruberWorkedExample()
    {
        var reduced = NiggliReduction.Reduce(FromMetric(9, 27, 4, -5, -4, -22));
        var g = NiggliReduction.Metric([reduced.A, reduced.B, reduced.C]);
        Assert.That(new[] { g.A, g.B, g.C, g.Xi, g.Eta, g.Zeta }, Is.EqualTo(new[] { 4.0, 9, 9, 9, 3, 4 }).Within(1e-9));
    }

    [Test]
    public void RandomBasesOfOneLatticeReduceToOneCell([Values(1UL, 2UL, 3UL, 4UL)] ulong seed)
    {
        var lattice = RandomCrystals.Make(seed, 1, 3, 8).Lattice;
        var reference = Metric(NiggliReduction.Reduce(lattice));
        var rng = RngStream.Create(seed, "unimodular");
        for (ulong t = 0; t < 10; t++)
        {
            var basis = RandomBasis(lattice, rng, t * 100);
            var reduced = NiggliReduction.Reduce(basis);
            Assert.That(Metric(reduced), Is.EqualTo(reference).Within(1e-8), $"basis {t}");
            AssertSameLattice(lattice, reduced);
            Assert.That(reduced.A.Dot(reduced.B.Cross(reduced.C)), Is.GreaterThan(0), "right-handed");
            AssertNiggliConditions(reduced);
        }
    }

    [Test]
    public void ReducedStructureKeepsItsSitesWrappedIntoTheCell()
    {
        var s = MatchingCrystals.Sheared(MatchingCrystals.LowSymmetry());
        var r = NiggliReduction.Reduce(s);
        Assert.That(r.Lattice.Volume, Is.EqualTo(s.Lattice.Volume).Within(1e-9));
        var p = r.Lattice.Parameters;
        Assert.That(new[] { p.A, p.B, p.C }, Is.EqualTo(new[] { 4.0, 5.5, 7.0 }).Within(1e-9), "the orthorhombic cell comes back");
        foreach (var f in r.FractionalPositions())
        {
            Assert.That(new[] { f.X, f.Y, f.Z }, Has.All.InRange(-1e-12, 1 + 1e-12));
        }
    }

    private static Lattice FromMetric(double a, double b, double c, double xi, double eta, double zeta)
    {
        var (la, lb, lc) = (Math.Sqrt(a), Math.Sqrt(b), Math.Sqrt(c));
        static double Deg(double cos) => Math.Acos(cos) * 180 / Math.PI;
        return Lattice.FromParameters(la, lb, lc, Deg(xi / (2 * lb * lc)), Deg(eta / (2 * la * lc)), Deg(zeta / (2 * la * lb)));
    }

    private static double[] Metric(Lattice l)
    {
        var g = NiggliReduction.Metric([l.A, l.B, l.C]);
        return [g.A, g.B, g.C, g.Xi, g.Eta, g.Zeta];
    }

    /// <summary>A random unimodular change of basis: 12 random row additions ±v_j and swaps.</summary>
    private static Lattice RandomBasis(Lattice l, RngStream rng, ulong offset)
    {
        var v = new[] { l.A, l.B, l.C };
        for (ulong k = 0; k < 12; k++)
        {
            var i = rng.Below(offset + 3 * k, 3);
            var j = (i + 1 + rng.Below(offset + 3 * k + 1, 2)) % 3;
            if (rng.Below(offset + 3 * k + 2, 4) == 0)
            {
                (v[i], v[j]) = (v[j], v[i]);
            }
            else
            {
                v[i] += (rng.Below(offset + 3 * k + 2, 2) == 0 ? -1 : 1) * v[j];
            }
        }

        return new Lattice(v[0], v[1], v[2]);
    }

    private static void AssertSameLattice(Lattice original, Lattice reduced)
    {
        var m = new double[3, 3];
        for (var r = 0; r < 3; r++)
        {
            var f = original.ToFractional(reduced[r]);
            for (var k = 0; k < 3; k++)
            {
                Assert.That(f[k], Is.EqualTo(Math.Round(f[k])).Within(1e-9), "reduced vectors are lattice vectors");
                m[r, k] = Math.Round(f[k]);
            }
        }

        var det = m[0, 0] * (m[1, 1] * m[2, 2] - m[1, 2] * m[2, 1]) - m[0, 1] * (m[1, 0] * m[2, 2] - m[1, 2] * m[2, 0]) + m[0, 2] * (m[1, 0] * m[2, 1] - m[1, 1] * m[2, 0]);
        Assert.That(Math.Abs(det), Is.EqualTo(1), "unimodular: the same lattice, not a sublattice");
    }

    /// <summary>Main Niggli conditions (International Tables A, 9.2): A ≤ B ≤ C, |ξ| ≤ B, |η| ≤ A, |ζ| ≤ A, all-positive or all-non-positive off-diagonals.</summary>
    private static void AssertNiggliConditions(Lattice l)
    {
        var g = NiggliReduction.Metric([l.A, l.B, l.C]);
        const double e = 1e-8;
        Assert.That(g.A, Is.LessThanOrEqualTo(g.B + e));
        Assert.That(g.B, Is.LessThanOrEqualTo(g.C + e));
        Assert.That(Math.Abs(g.Xi), Is.LessThanOrEqualTo(g.B + e));
        Assert.That(Math.Abs(g.Eta), Is.LessThanOrEqualTo(g.A + e));
        Assert.That(Math.Abs(g.Zeta), Is.LessThanOrEqualTo(g.A + e));
        var allPositive = g.Xi > 0 && g.Eta > 0 && g.Zeta > 0;
        var allNonPositive = g.Xi <= e && g.Eta <= e && g.Zeta <= e;
        Assert.That(allPositive || allNonPositive, Is.True, "type I or type II cell");
    }
}
