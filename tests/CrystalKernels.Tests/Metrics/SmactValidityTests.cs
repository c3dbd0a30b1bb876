using CrystalKernels.Crystals;
using CrystalKernels.Crystals.Metrics;

namespace CrystalKernels.Tests.Metrics;

/// <summary>
/// Compositions whose SMACT outcome is derived by hand from the oxidation-state lists (one state per element, as
/// itertools.product enumerates them) and the pairwise Pauling rule.
/// </summary>
public class SmactValidityTests
{
    private static readonly SmactOptions Icsd = new(OxidationStates: OxidationStateSet.Icsd24);

    private static bool Valid(string formula, SmactOptions? o = null) => SmactValidity.IsValid(ReducedComposition.Parse(formula), o);

    [Test]
    public void NaClIsValidInBothSets()
    {
        // Na +1, Cl -1: neutral, χ(Na) 0.93 < χ(Cl) 3.16.
        Assert.That(Valid("NaCl"), Is.True);
        Assert.That(Valid("Na4Cl4"), Is.True, "counts are GCD-reduced first");
        Assert.That(Valid("NaCl", Icsd), Is.True);
    }

    [Test]
    public void NaCl2IsInvalid()
    {
        // a + 2b = 0 with a ∈ {−1, +1} needs b = ∓1/2: no integer state.
        Assert.That(Valid("NaCl2"), Is.False);
        Assert.That(Valid("NaCl2", Icsd), Is.False);
    }

    [Test]
    public void Fe3O4IsInvalidBecauseSmactAssignsOneStatePerElement()
    {
        // Fe3O4 needs mixed Fe2+/Fe3+, but smact_validity gives all Fe one state: 3a + 4b = 0 with b ∈ {−2,−1,1,2}
        // needs 3a ∈ {8, 4, −4, −8}, which no integer a satisfies. So the CDVAE metric calls magnetite invalid.
        Assert.That(Valid("Fe3O4"), Is.False);
        Assert.That(Valid("Fe3O4", Icsd), Is.False);
        Assert.That(Valid("Fe2O3"), Is.True, "Fe +3, O −2");
        Assert.That(Valid("FeO"), Is.True, "Fe +2, O −2");
    }

    [Test]
    public void SingleElementIsValidEvenWithoutOxidationStates()
    {
        Assert.That(Valid("Cu"), Is.True);
        Assert.That(Valid("Cu4"), Is.True);
        Assert.That(Valid("He2"), Is.True, "rule 1 comes before the (empty) product");
        Assert.That(Valid("Si", Icsd), Is.True);
    }

    [Test]
    public void AllMetalAlloysShortCircuitUnlessAlloysAreOff()
    {
        var noAlloys = new SmactOptions(IncludeAlloys: false);
        Assert.Multiple(() =>
        {
            Assert.That(Valid("CuZn"), Is.True);
            Assert.That(Valid("GeSb"), Is.True, "Ge and Sb are in smact.metals");
            // Cu {+1..+4}, Zn {+1,+2}: all positive, never neutral.
            Assert.That(Valid("CuZn", noAlloys), Is.False);
        });
    }

    [Test]
    public void EmptyOxidationStateListMakesTheProductEmpty()
    {
        // He has no states: the product is empty, so HeF2 is invalid although F alone is fine.
        Assert.That(Valid("HeF2"), Is.False);
        Assert.That(Valid("XeF2"), Is.True, "Xe +2 (χ 2.60) with F −1 (χ 3.98)");
        // Rn has states in SMACT14 (+2, +6) but none in ICSD-24.
        Assert.That(Valid("RnCl2", Icsd), Is.False);
    }

    [Test]
    public void PaulingTestRejectsAnElectropositiveAnion()
    {
        // Na3Cl in SMACT14: only Na −1, Cl +3 is neutral, and then the anion Na (0.93) is less electronegative than
        // the cation Cl (3.16). Without the Pauling test it passes; ICSD-24 has no Na −1, so it is never neutral.
        Assert.That(Valid("Na3Cl"), Is.False);
        Assert.That(Valid("Na3Cl", new SmactOptions(UsePaulingTest: false)), Is.True);
        Assert.That(Valid("Na3Cl", new SmactOptions(OxidationStateSet.Icsd24, UsePaulingTest: false)), Is.False);
    }

    [Test]
    public void MissingElectronegativityOnAnOppositeSignPairPassesLikeCdvae()
    {
        // RnCl2: Rn +2, Cl −1. Pair (Cl, Rn) has opposite signs and χ(Rn) = None: SMACT 2.2 raises TypeError,
        // CDVAE catches it as OK. SMACT >= 2.6 checks None first and fails. Same for PmCl3 (Pm +3).
        var fail = new SmactOptions(MissingElectronegativity: MissingElectronegativityRule.Fail);
        Assert.Multiple(() =>
        {
            Assert.That(Valid("RnCl2"), Is.True);
            Assert.That(Valid("RnCl2", fail), Is.False);
            Assert.That(Valid("PmCl3"), Is.True);
            Assert.That(Valid("PmCl3", fail), Is.False);
        });
    }

    [Test]
    public void MissingElectronegativityOnASameSignPairFailsBeforeTheOppositeSignPairIsReached()
    {
        // NaRnCl3 (Z order Na, Cl, Rn): the only neutral combination is Na +1, Cl −1, Rn +2. Pairs in order:
        // (Na,Cl) passes, (Na,Rn) is a same-sign pair with None -> False before (Cl,Rn) could raise TypeError.
        Assert.That(Valid("NaRnCl3"), Is.False);
        Assert.That(SmactValidity.PaulingTest([1, -1, 2], [0.93, 3.16, null], MissingElectronegativityRule.CdvaeTypeErrorPasses), Is.False);
        // Reordered so the opposite-sign pair comes first, the TypeError wins: the outcome depends on the Z order.
        Assert.That(SmactValidity.PaulingTest([-1, 2, 1], [3.16, null, 0.93], MissingElectronegativityRule.CdvaeTypeErrorPasses), Is.True);
    }

    [Test]
    public void PaulingTestIsPairwiseAndStrict()
    {
        var rule = MissingElectronegativityRule.CdvaeTypeErrorPasses;
        Assert.Multiple(() =>
        {
            Assert.That(SmactValidity.PaulingTest([1, -1], [2.0, 2.0], rule), Is.False, "equal χ is not strictly lower");
            Assert.That(SmactValidity.PaulingTest([1, -1], [1.9, 2.0], rule), Is.True);
            Assert.That(SmactValidity.PaulingTest([1, 2], [3.0, 1.0], rule), Is.True, "same-sign pairs are not compared");
            Assert.That(SmactValidity.PaulingTest([0, -1], [null, 2.0], rule), Is.False, "a zero state with None hits the None check");
        });
    }

    [Test]
    public void ElementsWithoutSmactDataAreInvalid()
    {
        Assert.That(SmactValidity.IsValid(ReducedComposition.Parse("Rf")), Is.False, "SMACT has no Element for Z > 103");
        Assert.That(() => ReducedComposition.FromSpecies([11, 0, 17]), Throws.ArgumentException.With.Message.Contains("outside"));
    }

    [Test]
    public void CompositionIsReducedAndSortedByZ()
    {
        var c = ReducedComposition.FromSpecies([17, 11, 17, 11, 8, 8, 8, 8]);
        Assert.That(c.Elements, Is.EqualTo(new[] { 8, 11, 17 }));
        Assert.That(c.Counts, Is.EqualTo(new[] { 2, 1, 1 }));
        Assert.That(c.ToString(), Is.EqualTo("O2 Na1 Cl1"));
        Assert.That(() => ReducedComposition.Parse("Na Xx2"), Throws.InstanceOf<FormatException>().With.Message.Contains("Xx"));
    }

    [Test]
    public void DescribeNamesSetAndRule()
    {
        Assert.That(SmactOptions.Cdvae.Describe(), Does.Contain("oxidation_set=smact2014").And.Contain("missing_eneg=pass-cdvae"));
        Assert.That(Icsd.Describe(), Does.Contain("oxidation_set=icsd24"));
    }
}
