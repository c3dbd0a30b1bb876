using CrystalKernels.Crystals.Metrics;
using CrystalKernels.Tests.Support;

namespace CrystalKernels.Tests.Metrics;

public class SubstitutionProbabilityTests
{
    [Test]
    public void HandMadeTableFollowsPymatgenDefinitions()
    {
        // Ions A = Na1+, B = K1+, C = Cl1-; λ(A,B) = 1, λ(A,A) = 0, others unseen (α = −5); D1+ rows are skipped.
        var p = new SubstitutionProbability([("Na1+", "K1+", 1.0), ("Na1+", "Na1+", 0.0), ("Na1+", "D1+", 3.0)]);
        var (na, k, cl) = (Ion.Parse("Na1+"), Ion.Parse("K1+"), Ion.Parse("Cl1-"));
        var e5 = Math.Exp(-5);
        Assert.That(p.Ions, Has.Count.EqualTo(2), "Cl1- never appears, D1+ skipped");
        Assert.That(p.Lambda(k, na), Is.EqualTo(1.0), "λ is symmetric");
        Assert.That(p.Lambda(na, cl), Is.EqualTo(-5.0));
        var pxNa = 1 + Math.E;
        var pxK = Math.E + e5;
        Assert.Multiple(() =>
        {
            Assert.That(p.Px(na), Is.EqualTo(pxNa).Within(Tol.MetricRel).Percent);
            Assert.That(p.Px(k), Is.EqualTo(pxK).Within(Tol.MetricRel).Percent);
            Assert.That(p.PartitionZ, Is.EqualTo(pxNa + pxK).Within(Tol.MetricRel).Percent);
            Assert.That(p.CondProb(k, na), Is.EqualTo(Math.E / pxNa).Within(Tol.MetricRel).Percent);
            Assert.That(p.Prob(k, na), Is.EqualTo(Math.E / (pxNa + pxK)).Within(Tol.MetricRel).Percent);
            Assert.That(() => p.CondProb(na, cl), Throws.ArgumentException.With.Message.Contains("Cl1-"));
            Assert.That(p.ElementConditionalProbability(11, 19) + p.ElementConditionalProbability(11, 11), Is.EqualTo(1.0).Within(Tol.MetricRel));
        });
    }

    [Test]
    public void IonParsing()
    {
        Assert.That(Ion.Parse("O2-"), Is.EqualTo(new Ion(8, -2)));
        Assert.That(Ion.Parse("Fe3+").ToString(), Is.EqualTo("Fe3+"));
        Assert.That(() => Ion.Parse("Fe3"), Throws.InstanceOf<FormatException>());
        Assert.That(() => Ion.Parse("Xx1+"), Throws.InstanceOf<FormatException>());
    }

    [Test]
    [Category(Categories.Data)]
    public void LambdaJsonReproducesPymatgenNumbers()
    {
        // Reference numbers computed with a direct Python transcription of pymatgen's SubstitutionProbability
        // (Python float sums over the same table): Z, px(Fe2+), cond_prob(Fe3+, Fe2+).
        var p = SubstitutionProbability.Load(SharedPaths.RequireData("pymatgen-data", "lambda.json"));
        var (fe2, fe3) = (Ion.Parse("Fe2+"), Ion.Parse("Fe3+"));
        Assert.Multiple(() =>
        {
            Assert.That(p.Ions, Has.Count.EqualTo(230));
            Assert.That(p.PartitionZ, Is.EqualTo(72349.11203856896).Within(1e-10).Percent);
            Assert.That(p.Px(fe2), Is.EqualTo(330.47772210390514).Within(1e-10).Percent);
            Assert.That(p.CondProb(fe3, fe2), Is.EqualTo(0.009269375677526462).Within(1e-10).Percent);
            Assert.That(p.Prob(fe3, fe2), Is.EqualTo(4.234083975489907e-05).Within(1e-10).Percent);
        });
        // Element level rows sum to one over all replacing elements.
        var sum = Enumerable.Range(1, 118).Sum(b => p.ElementConditionalProbability(26, b));
        Assert.That(sum, Is.EqualTo(1.0).Within(1e-12));
    }
}
