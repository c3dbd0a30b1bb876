namespace CrystalKernels.Tensors;

/// <summary>
/// Step-scoped memory: activations and their gradients are rented here and all returned to the device pool when the
/// step ends, so a steady-state training loop allocates nothing new. Parameters and optimizer state never come from
/// an arena.
/// </summary>
public sealed class StepArena(Device device) : IDisposable
{
    private readonly List<Storage> rented = [];

    public Device Device { get; } = device;

    public int LiveBuffers => rented.Count;

    public Storage Rent(DType dtype, long numel, bool zero)
    {
        var s = Device.Rent(dtype, numel, zero);
        s.Rented = true;
        rented.Add(s);
        return s;
    }

    /// <summary>
    /// Returns one buffer of this arena to the pool before the step ends (an activation nothing reads any more, or a
    /// gradient already propagated). Later access through the old storage throws. Storages not rented here, or
    /// already released, are left alone.
    /// </summary>
    public bool Release(Storage storage)
    {
        if (storage.Released || !ReferenceEquals(storage.Device, Device) || !storage.Rented)
        {
            return false;
        }

        storage.MarkReleased();
        Device.Return(storage);
        return true;
    }

    /// <summary>Returns every buffer to the pool and invalidates the tensors that used them.</summary>
    public void Reset()
    {
        foreach (var s in rented)
        {
            if (!s.Released)
            {
                s.MarkReleased();
                Device.Return(s);
            }
        }

        rented.Clear();
    }

    public void Dispose() => Reset();
}
