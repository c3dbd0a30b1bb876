using CrystalKernels.Native.Runtime;

namespace CrystalKernels.Native.Kernels;

/// <summary>
/// native/wigner_rotate.cu: rotate [E, (L+1)², C] → [E, Kr, C] and rotate-inverse back, with the truncated per-edge
/// Wigner blocks [E, W] of EdgeWigner.Blocks (paper-spec §3.6). Backward gives the data gradient and, optionally, the
/// Wigner-block gradient.
/// </summary>
public sealed class WignerRotateKernel(KernelLibrary library, int lMax, int mMax)
{
    public const string Source = "wigner_rotate.cu";

    public int LMax { get; } = lMax;

    public int MMax { get; } = mMax;

    /// <summary>Full coefficient count (L+1)².</summary>
    public int K => (LMax + 1) * (LMax + 1);

    /// <summary>Reduced coefficient count Σ_l min(2l+1, 2M+1).</summary>
    public int KReduced => KReducedOf(LMax, MMax);

    /// <summary>Wigner entries per edge: 235 for L6 M2.</summary>
    public int WignerSize => WignerSizeOf(LMax, MMax);

    /// <summary>Σ_l min(2l+1, 2M+1): the m-truncated coefficient count (29 for L6 M2).</summary>
    public static int KReducedOf(int lMax, int mMax) => Enumerable.Range(0, lMax + 1).Sum(l => Rows(l, mMax));

    /// <summary>Σ_l min(2l+1, 2M+1)(2l+1): kept Wigner entries per edge, as in the kernel's ck_wigner_size.</summary>
    public static int WignerSizeOf(int lMax, int mMax) => Enumerable.Range(0, lMax + 1).Sum(l => Rows(l, mMax) * ((2 * l) + 1));

    public void Rotate(DeviceBuffer<float> x, DeviceBuffer<float> wigner, DeviceBuffer<float> y, int channels, CudaStream? stream = null)
    {
        var edges = Edges(wigner);
        Launch.Length(nameof(Rotate), "x", x, (long)edges * K * channels);
        Launch.Length(nameof(Rotate), "y", y, (long)edges * KReduced * channels);
        Run("ck_wigner_rotate_fwd", edges, channels, stream, x.Pointer, wigner.Pointer, y.Pointer, edges, LMax, MMax, channels);
    }

    /// <summary>dx += Dᵀ dy; dwigner (optional) += dy xᵀ on the kept blocks.</summary>
    public void RotateBackward(DeviceBuffer<float> x, DeviceBuffer<float> wigner, DeviceBuffer<float> dy, DeviceBuffer<float> dx, DeviceBuffer<float>? dwigner, int channels, CudaStream? stream = null)
    {
        var edges = Edges(wigner);
        Launch.Length(nameof(RotateBackward), "x", x, (long)edges * K * channels);
        Launch.Length(nameof(RotateBackward), "dx", dx, (long)edges * K * channels);
        Launch.Length(nameof(RotateBackward), "dy", dy, (long)edges * KReduced * channels);
        CheckWignerGrad(nameof(RotateBackward), dwigner, wigner);
        Run("ck_wigner_rotate_bwd", edges, channels, stream, x.Pointer, wigner.Pointer, dy.Pointer, dx.Pointer, KernelArg.Of(dwigner), edges, LMax, MMax, channels);
    }

    public void RotateInverse(DeviceBuffer<float> y, DeviceBuffer<float> wigner, DeviceBuffer<float> x, int channels, CudaStream? stream = null)
    {
        var edges = Edges(wigner);
        Launch.Length(nameof(RotateInverse), "y", y, (long)edges * KReduced * channels);
        Launch.Length(nameof(RotateInverse), "x", x, (long)edges * K * channels);
        Run("ck_wigner_rotate_inv_fwd", edges, channels, stream, y.Pointer, wigner.Pointer, x.Pointer, edges, LMax, MMax, channels);
    }

    /// <summary>dy += S D dx; dwigner (optional) += S y dxᵀ on the kept blocks.</summary>
    public void RotateInverseBackward(DeviceBuffer<float> y, DeviceBuffer<float> wigner, DeviceBuffer<float> dx, DeviceBuffer<float> dy, DeviceBuffer<float>? dwigner, int channels, CudaStream? stream = null)
    {
        var edges = Edges(wigner);
        Launch.Length(nameof(RotateInverseBackward), "y", y, (long)edges * KReduced * channels);
        Launch.Length(nameof(RotateInverseBackward), "dy", dy, (long)edges * KReduced * channels);
        Launch.Length(nameof(RotateInverseBackward), "dx", dx, (long)edges * K * channels);
        CheckWignerGrad(nameof(RotateInverseBackward), dwigner, wigner);
        Run("ck_wigner_rotate_inv_bwd", edges, channels, stream, y.Pointer, wigner.Pointer, dx.Pointer, dy.Pointer, KernelArg.Of(dwigner), edges, LMax, MMax, channels);
    }

    private static int Rows(int l, int mMax) => (2 * Math.Min(l, mMax)) + 1;

    private int Edges(DeviceBuffer<float> wigner)
    {
        if (wigner.Length % WignerSize != 0)
        {
            throw new ArgumentException($"{nameof(WignerRotateKernel)}: wigner has {wigner.Length} elements, not [edges, {WignerSize}] (L={LMax}, M={MMax})");
        }

        return (int)(wigner.Length / WignerSize);
    }

    private static void CheckWignerGrad(string op, DeviceBuffer<float>? dwigner, DeviceBuffer<float> wigner)
    {
        if (dwigner is not null)
        {
            Launch.Length(op, "dwigner", dwigner, wigner.Length);
        }
    }

    private void Run(string kernel, int edges, int channels, CudaStream? stream, params ReadOnlySpan<KernelArg> args) =>
        library.Function(Source, kernel).Launch(new Dim3((uint)edges), Launch.ChannelBlock(channels), (uint)(WignerSize * sizeof(float)), stream, args);
}
