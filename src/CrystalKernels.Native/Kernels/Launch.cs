using CrystalKernels.Native.Runtime;

namespace CrystalKernels.Native.Kernels;

/// <summary>Launch-shape helpers and argument checks shared by the typed kernel wrappers.</summary>
internal static class Launch
{
    public const uint Threads = 256;

    /// <summary>1-D grid covering <paramref name="work"/> threads in blocks of <see cref="Threads"/>.</summary>
    public static Dim3 Grid(long work) => new((uint)((work + Threads - 1) / Threads));

    /// <summary>Threads for a block over channels: a multiple of 32 (the block sums need whole warps), at most 256.</summary>
    public static Dim3 ChannelBlock(int channels) => new((uint)Math.Clamp((channels + 31) / 32 * 32, 32, 256));

    public static void Length<T>(string op, string name, DeviceBuffer<T> b, long expected) where T : unmanaged
    {
        if (b.Length != expected)
        {
            throw new ArgumentException($"{op}: {name} has {b.Length} elements, expected {expected}");
        }
    }
}
