using CrystalKernels.Models.Config;
using CrystalKernels.Models.Parameters;
using CrystalKernels.Tests.Support;

namespace CrystalKernels.Tests.Models;

/// <summary>Parameter shapes and counts derived from the config alone, against paper-spec 3.1 and the model-small fixture.</summary>
public class ParameterShapeTests
{
    [Test]
    public void PaperGeneratorCountsMatchTheSpec()
    {
        var s = ModelParameterShapes.For(ModelPresets.Paper);
        Assert.Multiple(() =>
        {
            Assert.That(s.Total, Is.EqualTo(142_464_951));
            Assert.That(s.CountUnder("blocks.0"), Is.EqualTo(10_948_288));
            Assert.That(s.CountUnder("blocks.11"), Is.EqualTo(10_948_288));
            Assert.That(s.CountUnder("blocks.0.ga"), Is.EqualTo(9_962_048));
            Assert.That(s.CountUnder("blocks.0.ffn"), Is.EqualTo(984_192));
            Assert.That(s.CountUnder("blocks.0.norm_1"), Is.EqualTo(1_024));
            Assert.That(s.CountUnder("blocks.0.norm_2"), Is.EqualTo(1_024));
            Assert.That(s.CountUnder("force_block"), Is.EqualTo(9_848_129));
            Assert.That(s.CountUnder("output_block"), Is.EqualTo(948_342));
            Assert.That(s.CountUnder("edge_degree_embedding"), Is.EqualTo(272_768));
            Assert.That(s.CountUnder("sphere_embedding"), Is.EqualTo(15_232));
            Assert.That(s.CountUnder("norm"), Is.EqualTo(1_024));
        });
    }

    [Test]
    public void PaperDiscriminatorCountMatchesTheSpec()
    {
        var s = ModelParameterShapes.For(ModelPresets.PaperDiscriminator);
        Assert.That(s.Total, Is.EqualTo(132_200_962));
        Assert.That(s.Parameters.Any(p => p.Name.StartsWith("force_block", StringComparison.Ordinal)), Is.False);
    }

    [Test]
    public void NamesAreUniqueAndModulesAddUp()
    {
        foreach (var (name, config) in ModelPresets.All)
        {
            var s = ModelParameterShapes.For(config);
            Assert.That(s.Parameters.Select(p => p.Name), Is.Unique, name);
            var topLevel = s.Modules().Where(m => m.Module.Count(c => c == '.') == (m.Module.StartsWith("blocks", StringComparison.Ordinal) ? 1 : 0));
            Assert.That(topLevel.Sum(m => m.Count), Is.EqualTo(s.Total), name);
        }
    }

    [Test]
    [Category(Categories.Data)]
    public void FixtureSmallHasExactlyTheFixturesNamesShapesAndOrder()
    {
        var fixture = ModelSmallFixture.Params;
        var s = ModelParameterShapes.For(ModelPresets.FixtureSmall);
        Assert.That(s.Total, Is.EqualTo(535_111));
        Assert.That(s.Parameters.Select(p => p.Name).Order(StringComparer.Ordinal), Is.EqualTo(fixture.Keys.Order(StringComparer.Ordinal)));
        foreach (var p in s.Parameters)
        {
            Assert.That(p.Shape, Is.EqualTo(fixture[p.Name].Shape.ToArray()), p.Name);
        }
    }

    [Test]
    public void ValidateNamesTheField()
    {
        var bad = ModelPresets.Tiny with { Heads = 0 };
        Assert.That(() => ModelParameterShapes.For(bad), Throws.InstanceOf<ArgumentOutOfRangeException>().With.Message.Contains("Heads"));
        Assert.That(() => ModelPresets.Named("huge"), Throws.ArgumentException.With.Message.Contains("paper"));
    }
}
