namespace CrystalKernels.Tests.Support;

/// <summary>NUnit categories used across the suite (see README: which run where).</summary>
public static class Categories
{
    public const string GradCheck = "GradCheck";
    public const string Parity = "Parity";
    public const string Equivariance = "Equivariance";
    public const string Ilgpu = "Ilgpu";
    public const string KernelCompile = "KernelCompile";
    public const string Gpu = "Gpu";
    public const string Data = "Data";
    public const string Slow = "Slow";
}
