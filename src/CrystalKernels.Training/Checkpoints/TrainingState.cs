namespace CrystalKernels.Training.Checkpoints;

/// <summary>
/// The counters a resumed run needs to continue bit-identically. All randomness comes from counter-based
/// <c>RngStream</c>s keyed by (seed, purpose, index), so the RNG state is the seed plus the counters that index the
/// streams: the optimizer step, the epoch, and any named counters a loop keeps (e.g. "batch_in_epoch").
/// <see cref="BestValue"/> is the best validation metric so far (null before the first validation).
/// </summary>
public sealed record TrainingState(long Step, int Epoch, ulong Seed, double? BestValue = null)
{
    public IReadOnlyDictionary<string, long> Counters { get; init; } = new Dictionary<string, long>(StringComparer.Ordinal);

    public long Counter(string name) => Counters.TryGetValue(name, out var v) ? v
        : throw new KeyNotFoundException($"training state has no counter '{name}' (has: {string.Join(", ", Counters.Keys)})");
}
