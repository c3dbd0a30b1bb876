namespace CrystalKernels.Training.Progress;

/// <summary>What a loop reports to: units done and a short status (e.g. "loss 0.4123").</summary>
public interface IProgressSink
{
    void Advance(long by = 1);

    /// <summary>Replaces the status text shown next to the count.</summary>
    void SetStatus(string status);
}
