using CrystalKernels.Crystals.Corruption;

namespace CrystalKernels.Tests.Corruption;

public class SpeciesMaskingTests
{
    private static readonly MaskingOptions Faithful = MaskingOptions.Faithful;
    private static readonly MaskingOptions Paper = MaskingOptions.PaperIntent;

    [Test]
    public void RandomCountIsCeilOf15PercentInFloat32()
    {
        var counts = Enumerable.Range(1, 20).Select(n => SpeciesMasking.RandomCount(n, 0.15)).ToArray();
        Assert.That(counts, Is.EqualTo(Enumerable.Repeat(1, 6).Concat(Enumerable.Repeat(2, 7)).Concat(Enumerable.Repeat(3, 7))));
        Assert.That(SpeciesMasking.RandomCount(10, 0.30), Is.EqualTo(3));
    }

    [Test]
    public void FaithfulQuirkNeverDrawsTheLastAtomButTheFixedBoundDoes()
    {
        // Distinct species, so the species strategy masks exactly the drawn atom.
        var z = new[] { 3, 8, 14, 26, 29 };
        int LastMasked(MaskingOptions o, MaskStrategy st) => Enumerable.Range(0, 400)
            .Count(step => SpeciesMasking.MaskBatch([z], o with { ForcedStrategy = st }, SpeciesMasking.StreamFor(7, step))[0].Masked[^1]);
        Assert.That(LastMasked(Faithful, MaskStrategy.Species), Is.Zero);
        Assert.That(LastMasked(Faithful, MaskStrategy.Random), Is.Zero);
        Assert.That(LastMasked(Faithful with { FaithfulMaskQuirks = false }, MaskStrategy.Species), Is.InRange(40, 120), "about 1/5 of 400");
        Assert.That(LastMasked(Paper, MaskStrategy.Random), Is.InRange(40, 120));
    }

    [Test]
    public void OneCoinPerBatchInTheCodeOnePerCrystalInThePaper()
    {
        var batch = Enumerable.Range(0, 6).Select(_ => new[] { 8, 8, 12, 12, 14, 1 }).ToArray();
        var mixedFaithful = 0;
        var mixedPaper = 0;
        var speciesBatches = 0;
        for (var step = 0; step < 200; step++)
        {
            var f = SpeciesMasking.MaskBatch(batch, Faithful, SpeciesMasking.StreamFor(3, step));
            var p = SpeciesMasking.MaskBatch(batch, Paper, SpeciesMasking.StreamFor(3, step));
            mixedFaithful += f.Select(r => r.Strategy).Distinct().Count() > 1 ? 1 : 0;
            mixedPaper += p.Select(r => r.Strategy).Distinct().Count() > 1 ? 1 : 0;
            speciesBatches += f[0].Strategy == MaskStrategy.Species ? 1 : 0;
        }

        Assert.That(mixedFaithful, Is.Zero);
        Assert.That(mixedPaper, Is.GreaterThan(150), "6 independent coins agree with probability 1/32");
        Assert.That(speciesBatches, Is.InRange(70, 130), "mask_specie_ratio 0.5");
    }

    [Test]
    public void SpeciesStrategyMasksExactlyAllAtomsOfOneSpecies()
    {
        var z = new[] { 8, 12, 8, 14, 8, 12, 1 };
        foreach (var o in new[] { Faithful, Paper })
        {
            for (var step = 0; step < 50; step++)
            {
                var m = SpeciesMasking.MaskBatch([z], o with { ForcedStrategy = MaskStrategy.Species }, SpeciesMasking.StreamFor(5, step))[0];
                var chosen = z.Where((_, i) => m.Masked[i]).Distinct().ToArray();
                Assert.That(chosen, Has.Length.EqualTo(1));
                Assert.That(m.Masked, Is.EqualTo(z.Select(x => x == chosen[0]).ToArray()));
            }
        }
    }

    [Test]
    public void CodePicksSpeciesByAtomCountPaperUniformly()
    {
        // Drawable atoms under the quirk: 0..3 = O, O, O, H (the last O is never drawn). Code: P(O) = 3/4; paper: 1/2.
        var z = new[] { 8, 8, 8, 1, 8 };
        const int trials = 4000;
        double FractionO(MaskingOptions o) => Enumerable.Range(0, trials)
            .Count(step => SpeciesMasking.MaskBatch([z], o with { ForcedStrategy = MaskStrategy.Species }, SpeciesMasking.StreamFor(11, step))[0].Masked[0]) / (double)trials;

        // 5 standard errors of a binomial proportion at n = 4000 (≤ 0.04).
        Assert.That(FractionO(Faithful), Is.EqualTo(0.75).Within(0.035));
        Assert.That(FractionO(Paper with { FaithfulMaskQuirks = true }), Is.EqualTo(0.5).Within(0.04));
    }

    [Test]
    public void RandomStrategyWithReplacementCanMaskFewerAtomsWithoutReplacementExactly()
    {
        var z = Enumerable.Range(1, 14).ToArray(); // N = 14: 3 draws
        var fewer = 0;
        for (var step = 0; step < 300; step++)
        {
            var f = SpeciesMasking.MaskBatch([z], Faithful with { ForcedStrategy = MaskStrategy.Random }, SpeciesMasking.StreamFor(9, step))[0];
            var p = SpeciesMasking.MaskBatch([z], Paper with { ForcedStrategy = MaskStrategy.Random }, SpeciesMasking.StreamFor(9, step))[0];
            Assert.That(f.Count, Is.InRange(1, 3));
            Assert.That(p.Count, Is.EqualTo(3));
            fewer += f.Count < 3 ? 1 : 0;
        }

        // P(duplicate among 3 draws from 13) = 1 − (12/13)(11/13) ≈ 0.22.
        Assert.That(fewer, Is.InRange(35, 110));
    }

    [Test]
    public void SingleAtomCrystalsFollowThePolicy()
    {
        var leave = SpeciesMasking.MaskBatch([[26]], Faithful, SpeciesMasking.StreamFor(1, 0))[0];
        var mask = SpeciesMasking.MaskBatch([[26]], Paper, SpeciesMasking.StreamFor(1, 0))[0];
        Assert.That((leave.Strategy, leave.Count), Is.EqualTo((MaskStrategy.None, 0)));
        Assert.That(mask.Masked, Is.EqualTo(new[] { true }));
    }

    [Test]
    public void SameSeedAndStepGiveTheSameMasksOtherStepsDiffer()
    {
        var batch = Enumerable.Range(0, 5).Select(k => Enumerable.Range(1, 8 + k).ToArray()).ToArray();
        string Key(int seed, int step) => string.Join("|", SpeciesMasking.MaskBatch(batch, Paper, SpeciesMasking.StreamFor((ulong)seed, step))
            .Select(m => string.Concat(m.Masked.Select(x => x ? '1' : '0'))));
        var first = Key(42, 3);
        Assert.That(Key(42, 3), Is.EqualTo(first));
        Assert.That(Enumerable.Range(0, 10).Select(s => Key(42, s)).Distinct().Count(), Is.GreaterThan(5));
        Assert.That(Key(43, 3), Is.Not.EqualTo(Key(42, 3)));
    }

    [Test]
    public void ApplyWritesTheMaskTokenAndEvaluationMaskAlphaTakesOneSpecies()
    {
        var z = new[] { 8, 12, 8 };
        var m = SpeciesMasking.MaskAllOf(z, 8);
        Assert.That(m.Apply(z), Is.EqualTo(new[] { 0, 12, 0 }));
        Assert.That(z, Is.EqualTo(new[] { 8, 12, 8 }), "input untouched");
        Assert.Throws<ArgumentException>(() => SpeciesMasking.MaskBatch([z], Faithful with { ForcedStrategy = MaskStrategy.None }, SpeciesMasking.StreamFor(1, 0)));
    }
}
