namespace CrystalKernels.SelfCheck;

/// <summary>A self-check found a mismatch; the message names the check's quantity, the error and the bound.</summary>
public sealed class CheckFailedException(string message) : Exception(message);
