using CrystalKernels.Crystals;
using CrystalKernels.Crystals.Matching;
using CrystalKernels.Tests.Graph;
using CrystalKernels.Tests.Support;
using static CrystalKernels.Tests.Matching.MatchingCrystals;

namespace CrystalKernels.Tests.Matching;

/// <summary>
/// StructureMatcher on hand-built crystals: invariances it must see through (rotation, origin, site order, basis
/// choice, supercell), hand-derived RMS values, and the cases that must not match.
/// </summary>
public class StructureMatcherTests
{
    private static readonly StructureMatcher Default = new(StructureMatcherSettings.PymatgenDefault);
    private static readonly StructureMatcher Csp = new(StructureMatcherSettings.Csp);
    private static readonly StructureMatcher NoPrimitive = new(StructureMatcherSettings.PymatgenDefault with { PrimitiveCell = false });

    private static IEnumerable<TestCaseData> Crystals()
    {
        yield return new TestCaseData(LowSymmetry()).SetArgDisplayNames("low-symmetry");
        yield return new TestCaseData(RockSaltConventional()).SetArgDisplayNames("NaCl");
        yield return new TestCaseData(RandomCrystals.Make(7, 6, 3.5, 7)).SetArgDisplayNames("random-triclinic-6");
        yield return new TestCaseData(RandomCrystals.Make(8, 9, 4, 9)).SetArgDisplayNames("random-triclinic-9");
    }

    [TestCaseSource(nameof(Crystals))]
    public void MatchesItself(Structure s)
    {
        var r = Default.GetRmsDist(s, s);
        Assert.That(r, Is.Not.Null);
        Assert.That(r!.Value.Rms, Is.LessThan(Tol.StructureMatchExact));
        Assert.That(r.Value.MaxDistance, Is.LessThan(Tol.StructureMatchExact));
        Assert.That(Default.Fit(s, s), Is.True);
    }

    [TestCaseSource(nameof(Crystals))]
    public void MatchesARotatedShiftedPermutedCopy(Structure s)
    {
        for (ulong seed = 1; seed <= 3; seed++)
        {
            var copy = RotatedShiftedPermuted(s, seed);
            foreach (var m in new[] { Default, NoPrimitive })
            {
                var r = m.GetRmsDist(s, copy);
                Assert.That(r, Is.Not.Null, $"seed {seed}, {m.Settings}");
                Assert.That(r!.Value.Rms, Is.LessThan(Tol.StructureMatchExact), $"seed {seed}, {m.Settings}");
                Assert.That(m.GetRmsDist(copy, s), Is.Not.Null, "symmetric");
            }
        }
    }

    [TestCaseSource(nameof(Crystals))]
    public void MatchesTheSameCrystalOnAShearedBasis(Structure s)
    {
        var sheared = Sheared(s);
        Assert.That(sheared.Lattice.Parameters.A, Is.Not.EqualTo(s.Lattice.Parameters.A).Within(0.1), "the basis really changed");
        var r = NoPrimitive.GetRmsDist(s, RotatedShiftedPermuted(sheared, 11));
        Assert.That(r, Is.Not.Null);
        Assert.That(r!.Value.Rms, Is.LessThan(Tol.StructureMatchExact));
    }

    [TestCaseSource(nameof(Crystals))]
    public void MatchesASupercellOnlyWithPrimitiveReduction(Structure s)
    {
        var super = RotatedShiftedPermuted(Supercell(s, 2, 1, 2), 5);
        var r = Default.GetRmsDist(s, super);
        Assert.That(r, Is.Not.Null);
        Assert.That(r!.Value.Rms, Is.LessThan(Tol.StructureMatchExact));
        Assert.That(NoPrimitive.GetRmsDist(s, super), Is.Null, "without primitive reduction the site counts differ");
    }

    /// <summary>
    /// One site of N moved by δ: the displacement vectors are δ (one site) and 0 (others); removing the mean δ/N
    /// leaves |δ|(N−1)/N and |δ|/N, so RMS = |δ|·√(N−1)/N / L and max = |δ|(N−1)/N / L with L = (V/N)^(1/3).
    /// </summary>
    [TestCase(0.2)]
    [TestCase(0.5)]
    public void OneDisplacedSiteGivesTheHandDerivedRms(double delta)
    {
        var s = LowSymmetry();
        var moved = RotatedShiftedPermuted(Displaced(s, (3, new Vec3(delta * 0.6, -delta * 0.8, 0))), 3);
        const int n = 4;
        var l = Math.Cbrt(s.Lattice.Volume / n);
        var r = Default.GetRmsDist(s, moved);
        Assert.That(r, Is.Not.Null);
        Assert.That(r!.Value.Rms, Is.EqualTo(delta * Math.Sqrt(n - 1) / n / l).Within(Tol.StructureMatchExact));
        Assert.That(r.Value.MaxDistance, Is.EqualTo(delta * (n - 1) / n / l).Within(Tol.StructureMatchExact));
    }

    /// <summary>
    /// Na moved +δ and K −δ along c (7 Å): with Na as the anchor, K sits 2δ and both Cl δ from their partners; the mean
    /// δ comes off, leaving δ, δ, 0, 0, so RMS = δ·√(2/4) / L. For δ = 1.6 Å that is 0.335: above the default stol 0.3,
    /// below the CSP stol 0.5.
    /// </summary>
    [Test]
    public void CspSettingsAcceptASiteDisplacementTheDefaultsReject()
    {
        var s = LowSymmetry();
        const double delta = 1.6;
        var moved = Displaced(s, (0, new Vec3(0, 0, delta)), (3, new Vec3(0, 0, -delta)));
        var expected = delta * Math.Sqrt(2.0 / 4) / Math.Cbrt(s.Lattice.Volume / 4);
        Assert.That(expected, Is.InRange(0.3, 0.5));
        var r = Csp.GetRmsDist(s, moved);
        Assert.That(r, Is.Not.Null);
        Assert.That(r!.Value.Rms, Is.EqualTo(expected).Within(Tol.StructureMatchExact));
        Assert.That(Default.GetRmsDist(s, moved), Is.Null);
    }

    /// <summary>
    /// Stretching a by 1.4 at fixed b, c: after both cells are scaled to the same volume the a lengths differ by
    /// 1.4^(2/3) = 1.25, outside ltol 0.2 and inside ltol 0.3. Fractional coordinates are unchanged, so on the average
    /// lattice the sites coincide and the CSP match has RMS 0.
    /// </summary>
    [Test]
    public void StrainBeyondLtolDoesNotMatchButMatchesUnderCspLtol()
    {
        var s = LowSymmetry();
        var l = s.Lattice;
        var strained = Structure.FromFractional(new Lattice(1.4 * l.A, l.B, l.C), s.Species, s.FractionalPositions());
        Assert.That(Default.GetRmsDist(s, strained), Is.Null);
        Assert.That(Default.Fit(s, strained), Is.False);
        var r = Csp.GetRmsDist(s, strained);
        Assert.That(r, Is.Not.Null);
        Assert.That(r!.Value.Rms, Is.LessThan(Tol.StructureMatchExact));

        // A strain inside ltol matches under the defaults too.
        var mild = Structure.FromFractional(new Lattice(1.2 * l.A, l.B, l.C), s.Species, s.FractionalPositions());
        Assert.That(Default.GetRmsDist(s, mild), Is.Not.Null, "1.2^(2/3) = 1.13 is within ltol 0.2");
    }

    [Test]
    public void ScaleFalseComparesAbsoluteLengths()
    {
        var s = LowSymmetry();
        var expanded = Structure.FromFractional(Lattice.FromParameters(4 * 1.3, 5.5 * 1.3, 7 * 1.3, 90, 90, 90), s.Species, s.FractionalPositions());
        Assert.That(Default.GetRmsDist(s, expanded)!.Value.Rms, Is.LessThan(Tol.StructureMatchExact), "isotropic expansion is scaled away");
        Assert.That(new StructureMatcher(StructureMatcherSettings.PymatgenDefault with { Scale = false }).GetRmsDist(s, expanded), Is.Null);
    }

    [Test]
    public void DifferentSpeciesDoNotMatch()
    {
        var s = LowSymmetry();
        var species = (int[])s.Species.Clone();
        species[1] = 35; // one Cl becomes Br
        Assert.That(Default.GetRmsDist(s, s.With(species: species)), Is.Null);
        Assert.That(Csp.GetRmsDist(s, s.With(species: species)), Is.Null);

        // Two sites of different species swapped: same composition, different crystal. (A 4-site cell is too small
        // for this: some swap lands within stol of a symmetry-related copy; 9 sites in a triclinic cell are not.)
        var t = RandomCrystals.Make(8, 9, 4, 9);
        var swapped = (int[])t.Species.Clone();
        var other = Array.FindIndex(swapped, z => z != swapped[0]);
        (swapped[0], swapped[other]) = (swapped[other], swapped[0]);
        Assert.That(Default.GetRmsDist(t, t.With(species: swapped)), Is.Null);
        Assert.That(Default.Fit(t, t.With(species: swapped)), Is.False);
    }

    [Test]
    public void DifferentSiteCountsDoNotMatch()
    {
        var s = LowSymmetry();
        var fewer = new Structure(s.Lattice, s.Species[..3], s.Positions[..3]);
        Assert.That(Default.GetRmsDist(s, fewer), Is.Null);
        Assert.That(Csp.GetRmsDist(fewer, s), Is.Null);

        var nacl = RockSaltConventional();
        var vacancy = new Structure(nacl.Lattice, nacl.Species[1..], nacl.Positions[1..]);
        Assert.That(Csp.GetRmsDist(nacl, vacancy), Is.Null);
    }

    /// <summary>Without scaling, ltol applies to absolute lengths: 6.2 / 5.64 = 1.10 passes, 7.0 / 5.64 = 1.24 does not.</summary>
    [Test]
    public void RockSaltLatticeConstantsMatchUnscaledOnlyWithinLtol()
    {
        var unscaled = new StructureMatcher(StructureMatcherSettings.PymatgenDefault with { Scale = false });
        var a = RockSaltConventional(5.64);
        var near = RotatedShiftedPermuted(RockSaltConventional(6.2), 9);
        var far = RotatedShiftedPermuted(RockSaltConventional(7.0), 10);
        Assert.That(Default.GetRmsDist(a, near)!.Value.Rms, Is.LessThan(Tol.StructureMatchExact));
        Assert.That(Default.GetRmsDist(a, far)!.Value.Rms, Is.LessThan(Tol.StructureMatchExact));
        Assert.That(unscaled.GetRmsDist(a, near)!.Value.Rms, Is.LessThan(Tol.StructureMatchExact), "same fractional sites on the average lattice");
        Assert.That(unscaled.GetRmsDist(a, far), Is.Null);
    }

    [Test]
    public void NamedSettingsAreTheLiteratureValues()
    {
        var d = StructureMatcherSettings.PymatgenDefault;
        var c = StructureMatcherSettings.Csp;
        Assert.Multiple(() =>
        {
            Assert.That((d.Ltol, d.Stol, d.AngleTol, d.PrimitiveCell, d.Scale), Is.EqualTo((0.2, 0.3, 5.0, true, true)));
            Assert.That((c.Ltol, c.Stol, c.AngleTol, c.PrimitiveCell, c.Scale), Is.EqualTo((0.3, 0.5, 10.0, true, true)));
        });
    }
}
