using CrystalKernels.Crystals.Io;
using CrystalKernels.Crystals.Metrics;
using CrystalKernels.Tests.Support;

namespace CrystalKernels.Tests.Metrics;

/// <summary>
/// Real MP-20 structures are near 100 % structurally valid and roughly 90 % SMACT-valid (the field's reference
/// figures for the data itself). The first 1,500 rows of val keep the test fast.
/// </summary>
[Category(Categories.Data)]
public class Mp20ValidityDataTests
{
    private const int Rows = 1500;

    [Test]
    public void Mp20ValSampleHasTheExpectedValidity()
    {
        var path = SharedPaths.RequireData("mp20", "val.csv.gz");
        var cdvae = new ValiditySummary(SmactOptions.Cdvae);
        var icsd = new ValiditySummary(new SmactOptions(OxidationStates: Crystals.OxidationStateSet.Icsd24));
        foreach (var e in CsvDataset.Read(path).Take(Rows))
        {
            Assert.That(e.Structure, Is.Not.Null, $"row {e.Row.Line}: {e.Error}");
            cdvae.Add(e.Structure!);
            icsd.Add(e.Structure!);
        }

        TestContext.Out.WriteLine(cdvae.Format());
        TestContext.Out.WriteLine(icsd.Format());
        Assert.Multiple(() =>
        {
            Assert.That(cdvae.Count, Is.EqualTo(Rows));
            Assert.That(cdvae.StructuralValidity, Is.GreaterThanOrEqualTo(0.995));
            Assert.That(cdvae.CompositionalValidity, Is.InRange(0.85, 0.95));
        });
    }
}
