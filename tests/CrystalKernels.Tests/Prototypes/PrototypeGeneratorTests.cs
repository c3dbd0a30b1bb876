using CrystalKernels.Crystals;
using CrystalKernels.Crystals.Graph;
using CrystalKernels.Crystals.Metrics;
using CrystalKernels.Crystals.Prototypes;

namespace CrystalKernels.Tests.Prototypes;

public class PrototypeGeneratorTests
{
    private static readonly IReadOnlyList<Structure> Sample = PrototypeGenerator.Generate(600, seed: 7);

    [Test]
    public void EveryGeneratedStructureIsStructurallyAndCompositionallyValid()
    {
        var badStruct = Sample.Where(s => !StructuralValidity.IsValid(s)).Select(s => s.Id).ToList();
        var badSmact = Sample.Where(s => !SmactValidity.IsValid(s)).Select(s => s.Id).ToList();
        Assert.That(badStruct, Is.Empty, "structurally invalid");
        Assert.That(badSmact, Is.Empty, "not SMACT-valid (charge balance or electronegativity order)");
    }

    [Test]
    public void EveryPrototypeAppearsAndIdsAreUnique()
    {
        var names = Sample.Select(s => s.Id!.Split('-')[2]).Distinct().ToHashSet();
        Assert.That(names, Is.EquivalentTo(PrototypeLibrary.All.Select(p => p.Name)));
        Assert.That(Sample.Select(s => s.Id).Distinct().Count(), Is.EqualTo(Sample.Count));
    }

    [Test]
    public void StructureDependsOnlyOnSeedAndIndex()
    {
        var again = PrototypeGenerator.Make(123, seed: 7);
        Assert.That(again.Id, Is.EqualTo(Sample[123].Id));
        Assert.That(again.Positions, Is.EqualTo(Sample[123].Positions));
        Assert.That(PrototypeGenerator.Make(123, seed: 8).Id, Is.Not.EqualTo(again.Id).Or.Property("Count").Not.EqualTo(0));
    }

    // Textbook coordination numbers: the prototype geometry (Wyckoff positions) is right when the first shell around
    // the site counts the expected anions.
    [TestCase("rocksalt", 0, 6)]
    [TestCase("cscl", 0, 8)]
    [TestCase("zincblende", 0, 4)]
    [TestCase("wurtzite", 0, 4)]
    [TestCase("fluorite", 0, 8)]
    [TestCase("perovskite", 1, 6)]
    [TestCase("perovskite", 0, 12)]
    [TestCase("rutile", 0, 6)]
    [TestCase("cdi2", 0, 6)]
    [TestCase("spinel", 0, 4)]
    [TestCase("spinel", 1, 6)]
    [TestCase("corundum", 0, 6)]
    [TestCase("fcc", 0, 12)]
    [TestCase("bcc", 0, 8)]
    [TestCase("diamond", 0, 4)]
    public void CationCoordinationMatchesTheTextbook(string name, int role, int expected)
    {
        var p = PrototypeLibrary.Get(name);
        var site = Array.FindIndex(p.Sites, s => s.Role == role);
        var anionRole = p.ChargePatterns[0].Length == 1 ? 0 : Array.FindIndex(p.ChargePatterns[0], q => q < 0);
        var species = p.Sites.Select(s => s.Role == anionRole ? 8 : 26).ToArray();
        var s = Structure.FromFractional(new Lattice(4 * p.UnitCell.A, 4 * p.UnitCell.B, 4 * p.UnitCell.C), species, p.Sites.Select(x => x.Frac).ToArray());
        var g = RadiusGraph.Build(s, cutoff: 12);
        var d = Enumerable.Range(g.RowPtr[site], g.RowPtr[site + 1] - g.RowPtr[site])
            .Where(e => p.Sites[g.Source[e]].Role == anionRole)
            .Select(e => g.Distances[e]).OrderBy(x => x).ToArray();
        var shell = d.Count(x => x < d[0] * 1.10); // corundum splits its octahedron 3 + 3 at a 6 % spread
        Assert.That(shell, Is.EqualTo(expected), $"{name} role {role}: first-shell distances {string.Join(", ", d.Take(14).Select(x => x.ToString("F3")))}");
    }

    [Test]
    public void BuiltinNamesResolveAndBadNamesFailClearly()
    {
        Assert.That(BuiltinData.Read("builtin:prototypes:5:3").Count, Is.EqualTo(5));
        var e = Assert.Throws<ArgumentException>(() => BuiltinData.Read("builtin:nothing"))!;
        Assert.That(e.Message, Does.Contain("builtin:prototypes"));
    }
}
