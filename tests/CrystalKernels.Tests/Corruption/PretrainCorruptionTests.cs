using CrystalKernels.Crystals;
using CrystalKernels.Crystals.Corruption;
using CrystalKernels.Tests.Graph;

namespace CrystalKernels.Tests.Corruption;

public class PretrainCorruptionTests
{
    [Test]
    public void MasksNoisesAndWrapsWithTargetsForEveryAtom()
    {
        var batch = new[] { RandomCrystals.Make(91, 6, 3, 7), RandomCrystals.Make(92, 1, 2, 4), RandomCrystals.Make(93, 9, 4, 8) };
        var c = PretrainCorruption.Apply(batch, MaskingOptions.Faithful, NoiseOptions.Pretrain, seed: 17, step: 4);
        for (var b = 0; b < batch.Length; b++)
        {
            var s = batch[b];
            Assert.That(c[b].SpeciesTarget, Is.EqualTo(s.Species.Select(z => z - 1).ToArray()));
            Assert.That(c[b].Input.Species, Is.EqualTo(s.Species.Select((z, i) => c[b].Masked[i] ? 0 : z).ToArray()));
            Assert.That(c[b].Input.Lattice, Is.SameAs(s.Lattice));
            var expected = PositionNoise.Apply(s, NoiseOptions.Pretrain, PositionNoise.StreamFor(17, 4, b));
            Assert.That(c[b].Noise, Is.EqualTo(expected.Noise));
            Assert.That(c[b].Input.Positions, Is.EqualTo(expected.Noisy));
            Assert.That(c[b].PositionTarget, Is.EqualTo(PositionNoise.Target(s.Lattice, expected.Noise, PositionTargetFrame.Fractional)));
        }

        Assert.That(c[1].Strategy, Is.EqualTo(MaskStrategy.None), "1-atom crystal left unmasked by default");
        Assert.That(double.IsFinite(c[1].Sigma) && c[1].Sigma > 0, Is.True, "1-atom noise scale is finite");
        Assert.That(c.Sum(x => x.Masked.Count(m => m)), Is.GreaterThan(0));
    }

    [Test]
    public void AlreadyMaskedInputIsAClearError()
    {
        var s = RandomCrystals.Make(94, 3, 3, 6);
        var masked = s.With(species: [0, s.Species[1], s.Species[2]]);
        var e = Assert.Throws<ArgumentException>(() => PretrainCorruption.Apply([masked], MaskingOptions.Faithful, NoiseOptions.Pretrain, 1, 0))!;
        Assert.That(e.Message, Does.Contain("mask token"));
    }
}
