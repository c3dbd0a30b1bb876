namespace CrystalKernels.Tensors.Backends.Cpu;

/// <summary>CPU memory: a managed float[] or double[] that may be longer than <see cref="Storage.Numel"/> (pooled).</summary>
public sealed class CpuStorage : Storage
{
    internal CpuStorage(Device device, DType dtype, long numel, Array data)
        : base(device, dtype, numel)
    {
        Data = data;
    }

    /// <summary>float[] for Float32, double[] for Float64.</summary>
    public Array Data { get; }

    public Span<T> AsSpan<T>() where T : unmanaged => ((T[])Data).AsSpan(0, checked((int)Numel));
}
