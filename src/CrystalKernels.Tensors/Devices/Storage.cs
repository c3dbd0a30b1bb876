namespace CrystalKernels.Tensors;

/// <summary>
/// A block of device memory holding <see cref="Numel"/> elements of one dtype. Step-arena storages are released when
/// the step ends; any later access throws, so a dangling activation is caught at once instead of read as garbage.
/// </summary>
public abstract class Storage
{
    protected Storage(Device device, DType dtype, long numel)
    {
        Device = device;
        DType = dtype;
        Numel = numel;
    }

    public Device Device { get; }

    public DType DType { get; }

    public long Numel { get; }

    public long Bytes => Numel * DType.SizeInBytes();

    public bool Released { get; private set; }

    /// <summary>True for a step-arena buffer (released to the pool when the step ends, or earlier).</summary>
    public bool Rented { get; internal set; }

    internal void MarkReleased() => Released = true;

    public void ThrowIfReleased(string? name)
    {
        if (Released)
        {
            throw new ObjectDisposedException(name ?? "tensor", "the tensor's memory belonged to a step that has ended (its tape was disposed)");
        }
    }
}
