using System.Globalization;
using CrystalKernels.Crystals;
using CrystalKernels.Tests.Support;

namespace CrystalKernels.Tests.Elements;

/// <summary>Cross-checks every value of the embedded element table against the SMACT files it was generated from.</summary>
[Category(Categories.Data)]
public class ElementTableDataTests
{
    [Test]
    public void ElectronegativityAndCovalentRadiusMatchElementData()
    {
        var path = SharedPaths.RequireData("smact-element-data", "element_data.txt");
        var seen = 0;
        foreach (var line in File.ReadLines(path).Where(l => !l.StartsWith('#') && l.Trim().Length > 0))
        {
            var f = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var z = int.Parse(f[2], CultureInfo.InvariantCulture);
            Assert.That(Crystals.Elements.Symbol(z), Is.EqualTo(f[0]), $"symbol of Z={z}");
            Assert.That(Crystals.Elements.HasSmactData(z), Is.True, f[0]);
            Assert.That(Crystals.Elements.CovalentRadius(z), Is.EqualTo(Parse(f[4])), $"{f[0]} r_cov");
            Assert.That(Crystals.Elements.PaulingElectronegativity(z), Is.EqualTo(Parse(f[9])), $"{f[0]} el_neg");
            seen++;
        }

        Assert.That(seen, Is.EqualTo(103));
        for (var z = 104; z <= Crystals.Elements.Count; z++)
        {
            Assert.That(Crystals.Elements.HasSmactData(z), Is.False, Crystals.Elements.Symbol(z));
        }
    }

    [TestCase("oxidation_states.txt", OxidationStateSet.Smact2014)]
    [TestCase("oxidation_states_icsd24_filtered.txt", OxidationStateSet.Icsd24)]
    public void OxidationStatesMatchTheSetFile(string file, OxidationStateSet set)
    {
        var path = SharedPaths.RequireData("smact-element-data", file);
        var listed = new HashSet<int>();
        foreach (var line in File.ReadLines(path).Where(l => !l.StartsWith('#') && l.Trim().Length > 0))
        {
            var f = line.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
            var z = Crystals.Elements.Z(f[0]);
            var expected = f.Skip(1).Select(s => int.Parse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture)).ToArray();
            Assert.That(Crystals.Elements.OxidationStates(z, set), Is.EqualTo(expected), $"{f[0]} in {file}");
            Assert.That(Crystals.Elements.ListsOxidationStates(z, set), Is.True, $"{f[0]} in {file}");
            listed.Add(z);
        }

        for (var z = 1; z <= Crystals.Elements.Count; z++)
        {
            if (!listed.Contains(z))
            {
                Assert.That(Crystals.Elements.ListsOxidationStates(z, set), Is.False, $"{Crystals.Elements.Symbol(z)} is not in {file}");
            }
        }
    }

    [Test]
    public void MetalsMatchMetalsList()
    {
        var path = SharedPaths.RequireData("smact-element-data", "metals_list.txt");
        var expected = File.ReadLines(path).Where(l => !l.StartsWith('#') && l.Trim().Length > 0).Select(l => Crystals.Elements.Z(l.Trim())).ToHashSet();
        for (var z = 1; z <= Crystals.Elements.Count; z++)
        {
            Assert.That(Crystals.Elements.IsSmactMetal(z), Is.EqualTo(expected.Contains(z)), Crystals.Elements.Symbol(z));
        }
    }

    private static double? Parse(string s) => s == "None" ? null : double.Parse(s, CultureInfo.InvariantCulture);
}
