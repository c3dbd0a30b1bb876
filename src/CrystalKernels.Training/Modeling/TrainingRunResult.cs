namespace CrystalKernels.Training.Modeling;

/// <summary>What a training verb's run produced: its folder, the last and best checkpoints, report.md and the loop's outcome.</summary>
public sealed record TrainingRunResult(string RunDirectory, string LastCheckpoint, string? BestCheckpoint, string Report, TrainLoopResult Loop);
