using CrystalKernels.Native.Runtime;

namespace CrystalKernels.Native.Kernels;

/// <summary>
/// native/s2_activation.cu: the separable S2 activation with SiLU (paper-spec §3.12) on x [R, Kr, C] with scalars
/// [R, C] and the grid matrices T, F [P, Kr] of one S2Grid (float32), fused so the grid never reaches device memory.
/// CPU twin: EqOp.SeparableS2Silu.
/// </summary>
public sealed class S2ActivationKernel(KernelLibrary library, int kReduced, int points)
{
    public const string Source = "s2_activation.cu";

    /// <summary>The default dynamic shared-memory limit per block without opting in to more.</summary>
    private const int SharedLimitBytes = 48 * 1024;

    /// <summary>Reduced coefficient count Kr (29 for the (6, 2) grid, 49 for (6, 6)).</summary>
    public int KReduced { get; } = kReduced > 1 ? kReduced : throw new ArgumentOutOfRangeException(nameof(kReduced), kReduced, "need Kr > 1 (coefficient 0 plus at least one more)");

    /// <summary>Grid points P = res_beta · res_alpha (70 for (6, 2), 210 for (6, 6)).</summary>
    public int Points { get; } = points > 0 ? points : throw new ArgumentOutOfRangeException(nameof(points), points, "need at least one grid point");

    /// <summary>y[:, 0] = SiLU(scalars); y[:, 1..] = (F ∘ SiLU ∘ T)(x)[1..].</summary>
    public void Forward(DeviceBuffer<float> scalars, DeviceBuffer<float> x, DeviceBuffer<float> toGrid, DeviceBuffer<float> fromGrid, DeviceBuffer<float> y, int channels, CudaStream? stream = null)
    {
        var rows = Check(nameof(Forward), scalars, x, toGrid, fromGrid, channels);
        Launch.Length(nameof(Forward), "y", y, x.Length);
        var (grid, block) = Shape(rows, channels);
        library.Function(Source, "ck_s2_activation_fwd").Launch(grid, block, SharedBytes(2, block), stream,
            scalars.Pointer, x.Pointer, toGrid.Pointer, fromGrid.Pointer, y.Pointer, rows, KReduced, Points, channels);
    }

    /// <summary>dscalars += dy[:, 0] ⊙ SiLU′(scalars); dx += Tᵀ (SiLU′(T x) ⊙ F[:, 1..] dy[:, 1..]). Either may be null.</summary>
    public void Backward(
        DeviceBuffer<float> scalars, DeviceBuffer<float> x, DeviceBuffer<float> toGrid, DeviceBuffer<float> fromGrid, DeviceBuffer<float> dy,
        DeviceBuffer<float>? dScalars, DeviceBuffer<float>? dx, int channels, CudaStream? stream = null)
    {
        var rows = Check(nameof(Backward), scalars, x, toGrid, fromGrid, channels);
        Launch.Length(nameof(Backward), "dy", dy, x.Length);
        if (dScalars is not null)
        {
            Launch.Length(nameof(Backward), "dscalars", dScalars, scalars.Length);
        }

        if (dx is not null)
        {
            Launch.Length(nameof(Backward), "dx", dx, x.Length);
        }

        var (grid, block) = Shape(rows, channels);
        library.Function(Source, "ck_s2_activation_bwd").Launch(grid, block, SharedBytes(3, block), stream,
            scalars.Pointer, x.Pointer, toGrid.Pointer, fromGrid.Pointer, dy.Pointer, KernelArg.Of(dScalars), KernelArg.Of(dx),
            rows, KReduced, Points, channels);
    }

    /// <summary>
    /// Channel tile: 64 threads (two warps, so C = 48 or 128 wastes little) while 3 Kr columns of 64 floats fit the
    /// default 48 KB of shared memory (Kr ≤ 64, i.e. up to L = 7 untruncated), else one warp (Kr ≤ 128).
    /// </summary>
    public static int ChannelTile(int kReduced) => 3 * kReduced * 64 * sizeof(float) <= SharedLimitBytes ? 64 : 32;

    private (Dim3 Grid, Dim3 Block) Shape(int rows, int channels)
    {
        var tile = ChannelTile(KReduced);
        return (new Dim3((uint)rows, (uint)((channels + tile - 1) / tile)), new Dim3((uint)tile));
    }

    private uint SharedBytes(int columns, Dim3 block) => (uint)(columns * KReduced * block.X * sizeof(float));

    private int Check(string op, DeviceBuffer<float> scalars, DeviceBuffer<float> x, DeviceBuffer<float> toGrid, DeviceBuffer<float> fromGrid, int channels)
    {
        if (3 * KReduced * 32 * sizeof(float) > SharedLimitBytes)
        {
            throw new ArgumentException($"{nameof(S2ActivationKernel)}.{op}: Kr = {KReduced} needs more than {SharedLimitBytes} B of shared memory per warp");
        }

        var row = (long)KReduced * channels;
        if (channels <= 0 || x.Length % row != 0)
        {
            throw new ArgumentException($"{nameof(S2ActivationKernel)}.{op}: x has {x.Length} elements, not [rows, {KReduced}, {channels}]");
        }

        var rows = x.Length / row;
        Launch.Length(op, "scalars", scalars, rows * channels);
        Launch.Length(op, "toGrid", toGrid, (long)Points * KReduced);
        Launch.Length(op, "fromGrid", fromGrid, (long)Points * KReduced);
        return (int)rows;
    }
}
