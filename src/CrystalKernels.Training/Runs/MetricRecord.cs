namespace CrystalKernels.Training.Runs;

/// <summary>One line of metrics.jsonl: the value of metric <paramref name="Name"/> on <paramref name="Split"/>
/// (train, val, test) at optimizer step <paramref name="Step"/> of epoch <paramref name="Epoch"/>.</summary>
public sealed record MetricRecord(long Step, int Epoch, string Split, string Name, double Value);
