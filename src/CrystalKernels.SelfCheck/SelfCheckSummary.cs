namespace CrystalKernels.SelfCheck;

/// <summary>Counts of one self-check run and the process exit code they map to.</summary>
public sealed record SelfCheckSummary(int Passed, int Failed, int Skipped, IReadOnlyList<string> SkipReasons)
{
    public const int ExitOk = 0;
    public const int ExitFailed = 1;
    public const int ExitNoneSelected = 2;
    public const int ExitCudaUnavailable = 3;

    /// <summary>
    /// 0: every check that ran passed; 1: a check failed; 2: the filter selected no check; 3: nothing failed but checks
    /// were skipped because CUDA is unavailable (a GPU machine without a usable driver is not a green run).
    /// </summary>
    public int ExitCode =>
        Failed > 0 ? ExitFailed
        : Passed + Skipped == 0 ? ExitNoneSelected
        : Skipped > 0 ? ExitCudaUnavailable
        : ExitOk;

    public override string ToString() =>
        $"{Passed} passed, {Failed} failed" + (Skipped > 0 ? $", {Skipped} skipped ({string.Join("; ", SkipReasons)})" : string.Empty);
}
