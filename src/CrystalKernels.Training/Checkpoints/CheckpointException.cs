namespace CrystalKernels.Training.Checkpoints;

/// <summary>A checkpoint that cannot be used here: wrong kind, not a checkpoint, or parameters that do not fit.</summary>
public sealed class CheckpointException(string message) : FormatException(message);
