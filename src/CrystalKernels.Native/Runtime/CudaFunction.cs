using CrystalKernels.Native.Interop;
using static CrystalKernels.Native.Interop.CudaCheck;

namespace CrystalKernels.Native.Runtime;

/// <summary>A kernel in a loaded module. Valid while its module is alive (it keeps a reference to it).</summary>
public sealed class CudaFunction
{
    private readonly nint function;

    internal CudaFunction(string name, nint function, CudaModule module)
    {
        Name = name;
        this.function = function;
        Module = module;
    }

    public string Name { get; }

    public CudaModule Module { get; }

    /// <summary>
    /// cuLaunchKernel with arguments by value. Each <see cref="KernelArg"/> occupies an 8-byte slot and the driver reads
    /// as many bytes as the kernel's parameter has (little-endian, so a 4-byte int or float is the slot's low half).
    /// </summary>
    public unsafe void Launch(Dim3 grid, Dim3 block, uint sharedBytes, CudaStream? stream, params ReadOnlySpan<KernelArg> args)
    {
        if (grid.Count == 0)
        {
            return;
        }

        var values = stackalloc ulong[Math.Max(args.Length, 1)];
        var pointers = stackalloc void*[Math.Max(args.Length, 1)];
        for (var i = 0; i < args.Length; i++)
        {
            values[i] = args[i].Bits;
            pointers[i] = values + i;
        }

        var s = stream?.Handle.Value ?? 0;
        var r = CudaDriver.cuLaunchKernel(function, grid.X, grid.Y, grid.Z, block.X, block.Y, block.Z, sharedBytes, s, pointers, null);
        if (r != CuResult.Success)
        {
            throw new CudaException($"cuLaunchKernel({Name}, grid {grid}, block {block}, {sharedBytes} B shared)", (int)r, DriverName(r), null);
        }
    }
}

/// <summary>Grid or block dimensions.</summary>
public readonly record struct Dim3(uint X, uint Y = 1, uint Z = 1)
{
    public ulong Count => (ulong)X * Y * Z;

    public override string ToString() => $"({X}, {Y}, {Z})";
}

/// <summary>One kernel argument by value: a device pointer, an int or a float.</summary>
public readonly struct KernelArg
{
    private KernelArg(ulong bits) => Bits = bits;

    internal ulong Bits { get; }

    public static implicit operator KernelArg(ulong pointer) => new(pointer);

    public static implicit operator KernelArg(int value) => new((uint)value);

    public static implicit operator KernelArg(float value) => new(BitConverter.SingleToUInt32Bits(value));

    public static KernelArg Of<T>(DeviceBuffer<T>? buffer) where T : unmanaged => new(buffer?.Pointer ?? 0);
}
