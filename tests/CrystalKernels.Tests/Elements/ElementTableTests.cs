using CrystalKernels.Crystals;

namespace CrystalKernels.Tests.Elements;

/// <summary>Spot facts of the element table that the validity metric depends on (ecosystem.md 3.9).</summary>
public class ElementTableTests
{
    [Test]
    public void OxidationStatesOfTheDocumentedExamples()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Crystals.Elements.OxidationStates(8, OxidationStateSet.Smact2014), Is.EqualTo(new[] { -2, -1, 1, 2 }));
            Assert.That(Crystals.Elements.OxidationStates(8, OxidationStateSet.Icsd24), Is.EqualTo(new[] { -2, -1 }));
            Assert.That(Crystals.Elements.OxidationStates(26, OxidationStateSet.Smact2014), Is.EqualTo(new[] { -2, -1, 1, 2, 3, 4, 5, 6 }));
            Assert.That(Crystals.Elements.OxidationStates(26, OxidationStateSet.Icsd24), Is.EqualTo(new[] { 1, 2, 3, 4, 5, 6 }));
            Assert.That(Crystals.Elements.OxidationStates(22, OxidationStateSet.Smact2014), Is.EqualTo(new[] { -1, 1, 2, 3, 4 }));
            Assert.That(Crystals.Elements.OxidationStates(22, OxidationStateSet.Icsd24), Is.EqualTo(new[] { 2, 3, 4 }));
            Assert.That(Crystals.Elements.OxidationStates(17, OxidationStateSet.Icsd24), Is.EqualTo(new[] { -1, 1, 3, 5, 7 }));
            Assert.That(Crystals.Elements.OxidationStates(2, OxidationStateSet.Smact2014), Is.Empty, "He");
        });
    }

    [Test]
    public void MetalsListHas79SymbolsWithGeAndSbButNotBSiAsTe()
    {
        var metals = Enumerable.Range(1, Crystals.Elements.Count).Where(Crystals.Elements.IsSmactMetal).Select(Crystals.Elements.Symbol).ToArray();
        Assert.Multiple(() =>
        {
            Assert.That(metals, Has.Length.EqualTo(79));
            Assert.That(metals, Does.Contain("Ge").And.Contain("Sb").And.Contain("Po").And.Contain("No"));
            Assert.That(metals, Does.Not.Contain("B").And.Not.Contain("Si").And.Not.Contain("As").And.Not.Contain("Te").And.Not.Contain("Lr"));
        });
    }

    [Test]
    public void ElectronegativityIsMissingExactlyWhereSmactHasNone()
    {
        var missing = Enumerable.Range(1, 103).Where(z => Crystals.Elements.PaulingElectronegativity(z) is null).Select(Crystals.Elements.Symbol);
        Assert.Multiple(() =>
        {
            Assert.That(missing, Is.EqualTo(new[] { "He", "Ne", "Ar", "Pm", "Rn", "Lr" }));
            Assert.That(Crystals.Elements.PaulingElectronegativity(36), Is.EqualTo(3.0), "Kr (Allen and Huheey)");
            Assert.That(Crystals.Elements.PaulingElectronegativity(95), Is.EqualTo(1.3), "Am and above 1.3");
            Assert.That(Crystals.Elements.HasSmactData(103), Is.True);
            Assert.That(Crystals.Elements.HasSmactData(104), Is.False);
            Assert.That(Crystals.Elements.CovalentRadius(6), Is.EqualTo(0.76));
            Assert.That(() => Crystals.Elements.CovalentRadius(119), Throws.InstanceOf<ArgumentOutOfRangeException>());
        });
    }
}
