using CrystalKernels.Tensors.Random;

namespace CrystalKernels.Crystals.Corruption;

/// <summary>The atoms masked in one crystal and the rule that chose them.</summary>
public sealed record MaskResult(bool[] Masked, MaskStrategy Strategy)
{
    public int Count => Masked.Count(m => m);

    /// <summary>A copy of <paramref name="species"/> with masked atoms set to the mask token 0.</summary>
    public int[] Apply(int[] species)
    {
        if (species.Length != Masked.Length)
        {
            throw new ArgumentException($"mask of {Masked.Length} atoms applied to {species.Length} species");
        }

        var z = (int[])species.Clone();
        for (var i = 0; i < z.Length; i++)
        {
            if (Masked[i])
            {
                z[i] = 0;
            }
        }

        return z;
    }
}

/// <summary>
/// Species masking for pretraining and evaluation (paper-spec 2.4). All randomness comes from one
/// <see cref="RngStream"/> per batch (<see cref="StreamFor"/>: seed, purpose "mask", step), with sub-stream b for
/// crystal b of the batch. Draw layout: batch coin = UniformDouble(0) of the batch stream; per crystal: coin =
/// UniformDouble(0), species draw = Below(2, ·), random-strategy draw t = Below(16 + t, ·).
/// </summary>
public static class SpeciesMasking
{
    private const ulong SpeciesDraw = 2;
    private const ulong RandomDraw0 = 16;

    /// <summary>The batch stream for a training step: a seed fixes every mask of the run.</summary>
    public static RngStream StreamFor(ulong seed, long step) => RngStream.Create(seed, "mask").Sub((ulong)step);

    /// <summary>Masks every crystal of a batch (species[b] = atomic numbers of crystal b).</summary>
    public static MaskResult[] MaskBatch(IReadOnlyList<int[]> species, MaskingOptions options, RngStream batchStream)
    {
        options.Validate();
        var batchStrategy = options.ForcedStrategy ?? Coin(batchStream, options);
        var results = new MaskResult[species.Count];
        for (var b = 0; b < species.Count; b++)
        {
            var cs = batchStream.Sub((ulong)b);
            var strategy = options.ForcedStrategy ?? (options.CoinScope == MaskCoinScope.Batch ? batchStrategy : Coin(cs, options));
            results[b] = MaskCrystal(species[b], strategy, options, cs);
        }

        return results;
    }

    /// <summary>Masks one crystal with a given strategy, drawing from its own stream.</summary>
    public static MaskResult MaskCrystal(int[] species, MaskStrategy strategy, MaskingOptions options, RngStream crystalStream)
    {
        var n = species.Length;
        var mask = new bool[n];
        if (n == 0)
        {
            return new MaskResult(mask, MaskStrategy.None);
        }

        if (n == 1)
        {
            if (options.SingleAtom == SingleAtomPolicy.LeaveUnmasked)
            {
                return new MaskResult(mask, MaskStrategy.None);
            }

            mask[0] = true;
            return new MaskResult(mask, strategy);
        }

        // torch.randint(0, N − 1) excludes its upper bound: indices 0..N−2 under the faithful quirk.
        var bound = options.FaithfulMaskQuirks ? n - 1 : n;
        switch (strategy)
        {
            case MaskStrategy.Species:
                int z;
                if (options.SpeciesChoice == SpeciesChoice.AtomWeighted)
                {
                    z = species[crystalStream.Below(SpeciesDraw, bound)];
                }
                else
                {
                    var present = DistinctSpecies(species, bound);
                    z = present[crystalStream.Below(SpeciesDraw, present.Length)];
                }

                for (var i = 0; i < n; i++)
                {
                    mask[i] = species[i] == z;
                }

                break;
            case MaskStrategy.Random:
                var draws = RandomCount(n, options.MaskRatio);
                if (options.Sampling == RandomMaskSampling.WithReplacement)
                {
                    for (var t = 0; t < draws; t++)
                    {
                        mask[crystalStream.Below(RandomDraw0 + (ulong)t, bound)] = true;
                    }
                }
                else
                {
                    // Partial Fisher-Yates over the drawable indices: exactly min(draws, bound) distinct atoms.
                    var idx = Enumerable.Range(0, bound).ToArray();
                    for (var t = 0; t < Math.Min(draws, bound); t++)
                    {
                        var r = t + crystalStream.Below(RandomDraw0 + (ulong)t, bound - t);
                        (idx[t], idx[r]) = (idx[r], idx[t]);
                        mask[idx[t]] = true;
                    }
                }

                break;
            default:
                throw new ArgumentException($"masking: strategy {strategy} cannot mask a {n}-atom crystal");
        }

        return new MaskResult(mask, strategy);
    }

    /// <summary>
    /// ceil(ratio·N) computed in float32, as torch.ceil(natoms * mask_ratio) does on a long tensor: 1 for N ≤ 6,
    /// 2 for N = 7..13, 3 for N = 14..20 at 0.15 (in double, 20 · 0.15 rounds up to 3.0000000000000004 → 4).
    /// </summary>
    public static int RandomCount(int atoms, double ratio) => (int)MathF.Ceiling(atoms * (float)ratio);

    /// <summary>Evaluation mask α: every atom of species z.</summary>
    public static MaskResult MaskAllOf(int[] species, int z) => new(species.Select(x => x == z).ToArray(), MaskStrategy.Species);

    private static MaskStrategy Coin(RngStream stream, MaskingOptions o) =>
        o.SpeciesStrategyProbability > stream.UniformDouble(0) ? MaskStrategy.Species : MaskStrategy.Random;

    // Species present among the drawable atoms, ascending (a fixed order so the draw is reproducible).
    private static int[] DistinctSpecies(int[] species, int bound) => species.Take(bound).Distinct().Order().ToArray();
}
