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
        rented.Add(s);
        return s;
    }

    /// <summary>Returns every buffer to the pool and invalidates the tensors that used them.</summary>
    public void Reset()
    {
        foreach (var s in rented)
        {
            s.MarkReleased();
            Device.Return(s);
        }

        rented.Clear();
    }

    public void Dispose() => Reset();
}
