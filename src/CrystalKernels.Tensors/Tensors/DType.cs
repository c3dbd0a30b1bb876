namespace CrystalKernels.Tensors;

/// <summary>Element type of a tensor. Float64 exists for finite-difference gradient checks on the CPU.</summary>
public enum DType
{
    Float32,
    Float64,
}

public static class DTypeExtensions
{
    public static int SizeInBytes(this DType d) => d == DType.Float32 ? 4 : 8;

    public static string Name(this DType d) => d == DType.Float32 ? "float32" : "float64";

    public static DType Of<T>() where T : unmanaged =>
        typeof(T) == typeof(float) ? DType.Float32
        : typeof(T) == typeof(double) ? DType.Float64
        : throw new NotSupportedException($"element type {typeof(T).Name} is not a tensor dtype (float or double)");
}
