namespace CrystalKernels.Crystals.Corruption;

/// <summary>
/// One corrupted training sample and its targets (paper-spec 2.4-2.6).
/// </summary>
/// <param name="Input">Masked species (0 = mask token) at the noised, wrapped positions; the lattice is unchanged.</param>
/// <param name="SpeciesTarget">[N] Z_true − 1 in 0..117 for every atom, masked or not.</param>
/// <param name="Masked">[N] which atoms carry the mask token.</param>
/// <param name="Noise">[N] Cartesian noise ε (Å), unwrapped.</param>
/// <param name="PositionTarget">[N] ε in the configured frame (ε·cell⁻¹ in the code).</param>
public sealed record CorruptedCrystal(
    Structure Input,
    int[] SpeciesTarget,
    bool[] Masked,
    MaskStrategy Strategy,
    Vec3[] Noise,
    Vec3[] PositionTarget,
    double MinDistance,
    double Sigma);

/// <summary>
/// The pretraining corruption of a batch, in the authors' order: mask species, add noise to every atom, wrap into the
/// cell (the radius graph is then built on the result). Everything is keyed by (seed, step, crystal index in the
/// batch), so a seed fixes the whole run.
/// </summary>
public static class PretrainCorruption
{
    public static CorruptedCrystal[] Apply(IReadOnlyList<Structure> batch, MaskingOptions masking, NoiseOptions noise, ulong seed, long step)
    {
        foreach (var s in batch)
        {
            if (s.Species.Any(z => z < 1))
            {
                throw new ArgumentException($"pretrain corruption: {s} already contains the mask token 0; targets need true species");
            }
        }

        var masks = SpeciesMasking.MaskBatch(batch.Select(s => s.Species).ToArray(), masking, SpeciesMasking.StreamFor(seed, step));
        var result = new CorruptedCrystal[batch.Count];
        for (var b = 0; b < batch.Count; b++)
        {
            var s = batch[b];
            var nz = PositionNoise.Apply(s, noise, PositionNoise.StreamFor(seed, step, b));
            var input = new Structure(s.Lattice, masks[b].Apply(s.Species), nz.Noisy, s.Id);
            result[b] = new CorruptedCrystal(
                input,
                s.Species.Select(z => z - 1).ToArray(),
                masks[b].Masked,
                masks[b].Strategy,
                nz.Noise,
                PositionNoise.Target(s.Lattice, nz.Noise, noise.TargetFrame),
                nz.MinDistance,
                nz.Sigma);
        }

        return result;
    }
}
