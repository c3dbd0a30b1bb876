using CrystalKernels.Crystals;
using CrystalKernels.Tensors.Random;

namespace CrystalKernels.Training.Modeling;

/// <summary>
/// Batches of structures in a seeded order: epoch e visits the set in the permutation drawn from
/// RngStream(seed, "shuffle").Sub(e) (Fisher-Yates; the identity order without shuffling), cut into batches of
/// <see cref="BatchSize"/> (the last one smaller unless <see cref="DropLast"/>). Batch (e, i) is a pure function of
/// the seed, so a resumed run sees exactly the batches it would have seen.
/// </summary>
public sealed class StructureBatches
{
    private readonly IReadOnlyList<Structure> structures;
    private int cachedEpoch = -1;
    private int[] cachedOrder = [];

    public StructureBatches(IReadOnlyList<Structure> structures, int batchSize, bool shuffle, ulong seed, bool dropLast = false)
    {
        if (batchSize < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(batchSize), $"batches: batch size must be >= 1, got {batchSize}");
        }

        if (structures.Count == 0)
        {
            throw new ArgumentException("batches: no structures");
        }

        this.structures = structures;
        BatchSize = batchSize;
        Shuffle = shuffle;
        Seed = seed;
        DropLast = dropLast && structures.Count >= batchSize;
    }

    public int BatchSize { get; }

    public bool Shuffle { get; }

    public ulong Seed { get; }

    public bool DropLast { get; }

    public int Count => structures.Count;

    public IReadOnlyList<Structure> Structures => structures;

    public int BatchesPerEpoch => DropLast ? Count / BatchSize : (Count + BatchSize - 1) / BatchSize;

    /// <summary>The visiting order of epoch <paramref name="epoch"/> (indices into the set).</summary>
    public int[] Order(int epoch)
    {
        if (epoch != cachedEpoch)
        {
            var order = Enumerable.Range(0, Count).ToArray();
            if (Shuffle)
            {
                var rng = RngStream.Create(Seed, "shuffle").Sub((ulong)epoch);
                for (var i = order.Length - 1; i > 0; i--)
                {
                    var j = rng.Below((ulong)i, i + 1);
                    (order[i], order[j]) = (order[j], order[i]);
                }
            }

            (cachedEpoch, cachedOrder) = (epoch, order);
        }

        return cachedOrder;
    }

    public IReadOnlyList<Structure> Batch(int epoch, int index)
    {
        if (index < 0 || index >= BatchesPerEpoch)
        {
            throw new ArgumentOutOfRangeException(nameof(index), $"batches: batch {index} of an epoch with {BatchesPerEpoch}");
        }

        var order = Order(epoch);
        var start = index * BatchSize;
        var end = Math.Min(Count, start + BatchSize);
        var batch = new Structure[end - start];
        for (var k = start; k < end; k++)
        {
            batch[k - start] = structures[order[k]];
        }

        return batch;
    }

    /// <summary>The batches of an epoch from batch <paramref name="start"/> on (a resumed epoch starts mid-way).</summary>
    public IEnumerable<(int Index, IReadOnlyList<Structure> Batch)> Epoch(int epoch, int start = 0)
    {
        for (var i = start; i < BatchesPerEpoch; i++)
        {
            yield return (i, Batch(epoch, i));
        }
    }
}
