using CrystalKernels.Crystals;
using CrystalKernels.Crystals.Matching;
using CrystalKernels.Tests.Graph;
using static CrystalKernels.Tests.Matching.MatchingCrystals;

namespace CrystalKernels.Tests.Matching;

/// <summary>Primitive-cell reduction: pure translations found, cell shrunk by exactly their number, sites averaged.</summary>
public class PrimitiveCellTests
{
    [Test]
    public void RockSaltConventionalCellReducesToTheRhombohedralPrimitive()
    {
        var conv = RockSaltConventional(5.64);
        var prim = PrimitiveCell.Find(conv);
        Assert.That(prim.Count, Is.EqualTo(2));
        Assert.That(prim.Species.Order(), Is.EqualTo(new[] { 11, 17 }));
        Assert.That(prim.Lattice.Volume, Is.EqualTo(conv.Lattice.Volume / 4).Within(1e-9));
        var p = prim.Lattice.Parameters;
        var fccEdge = 5.64 / Math.Sqrt(2);
        Assert.That(new[] { p.A, p.B, p.C }, Is.EqualTo(new[] { fccEdge, fccEdge, fccEdge }).Within(1e-9));
        Assert.That(new[] { p.Alpha, p.Beta, p.Gamma }, Is.EqualTo(new[] { 60.0, 60, 60 }).Within(1e-9), "Niggli form of the fcc primitive cell");
        var naCl = prim.Positions[Array.IndexOf(prim.Species, 11)] - prim.Positions[Array.IndexOf(prim.Species, 17)];
        Assert.That(new Crystals.Metrics.MinimumImage(prim.Lattice).Shortest(naCl).Norm, Is.EqualTo(5.64 / 2).Within(1e-9), "Na–Cl bond kept");
    }

    [Test]
    public void SupercellOfALowSymmetryCrystalReducesBack([Values(1UL, 2UL)] ulong seed)
    {
        var s = RandomCrystals.Make(seed, 5, 3.5, 7);
        var super = RotatedShiftedPermuted(Supercell(s, 2, 3, 1), seed);
        var prim = PrimitiveCell.Find(super);
        Assert.That(prim.Count, Is.EqualTo(5));
        Assert.That(prim.Lattice.Volume, Is.EqualTo(s.Lattice.Volume).Within(1e-9));
        Assert.That(prim.Species.Order(), Is.EqualTo(s.Species.Order()));
    }

    [Test]
    public void SitesJitteredWithinToleranceAreAveraged()
    {
        var s = LowSymmetry();
        var super = Supercell(s, 2, 1, 1);

        // Move the second copy of site 0 by 0.1 Å (< 0.25 Å): still a translation, and the merged site lands halfway.
        var moved = Displaced(super, (4, new Vec3(0.1, 0, 0)));
        var prim = PrimitiveCell.Find(moved);
        Assert.That(prim.Count, Is.EqualTo(4));
        var na = prim.Positions[Array.IndexOf(prim.Species, 11)];
        var expected = s.Positions[0] + new Vec3(0.05, 0, 0);
        Assert.That(new Crystals.Metrics.MinimumImage(prim.Lattice).Distance(na, expected), Is.LessThan(1e-9));

        // 0.4 Å breaks the translation.
        Assert.That(PrimitiveCell.Find(Displaced(super, (4, new Vec3(0.4, 0, 0)))).Count, Is.EqualTo(8));
    }

    [Test]
    public void CrystalWithoutPureTranslationsIsReturnedUnchanged()
    {
        var s = RandomCrystals.Make(3, 6, 4, 8);
        Assert.That(PrimitiveCell.Find(s), Is.SameAs(s));
        var noCommonFactor = LowSymmetry();
        Assert.That(PrimitiveCell.Find(noCommonFactor), Is.SameAs(noCommonFactor), "gcd of species counts is 1");
    }

    [Test]
    public void HermiteNormalFormsCountTheSublattices()
    {
        // Number of sublattices of index n in Z³ is σ₂-like: 7 for n = 2, 13 for n = 3, 35 for n = 4 (OEIS A001001).
        var byIndex = PrimitiveCell.HermiteNormalForms(12).GroupBy(x => x.Size).ToDictionary(g => g.Key, g => g.Count());
        Assert.That(byIndex[2], Is.EqualTo(7));
        Assert.That(byIndex[3], Is.EqualTo(13));
        Assert.That(byIndex[4], Is.EqualTo(35));
        Assert.That(byIndex[6], Is.EqualTo(91));
    }
}
