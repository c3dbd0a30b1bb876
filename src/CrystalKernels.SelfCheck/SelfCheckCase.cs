namespace CrystalKernels.SelfCheck;

/// <summary>One named comparison; <see cref="Body"/> throws <see cref="CheckFailedException"/> on a mismatch.</summary>
public sealed record SelfCheckCase(string Name, Action Body);
