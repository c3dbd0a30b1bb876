namespace CrystalKernels.Tensors;

/// <summary>Element type of a tensor. Float64 exists for finite-difference gradient checks on the CPU.</summary>
public enum DType
{
    Float32,
    Float64,

    /// <summary>Indices (gather/scatter, CSR row pointers, class labels); never differentiable.</summary>
    Int32,
}

public static class DTypeExtensions
{
    public static int SizeInBytes(this DType d) => d == DType.Float64 ? 8 : 4;

    public static string Name(this DType d) => d switch { DType.Float32 => "float32", DType.Float64 => "float64", _ => "int32" };

    public static DType Of<T>() where T : unmanaged =>
        typeof(T) == typeof(float) ? DType.Float32
        : typeof(T) == typeof(double) ? DType.Float64
        : typeof(T) == typeof(int) ? DType.Int32
        : throw new NotSupportedException($"element type {typeof(T).Name} is not a tensor dtype (float, double or int)");
}
