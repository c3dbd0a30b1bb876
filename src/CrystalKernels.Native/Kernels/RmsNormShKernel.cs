using CrystalKernels.Native.Runtime;

namespace CrystalKernels.Native.Kernels;

/// <summary>native/rms_norm_sh.cu: the equivariant RMS norm of paper-spec §3.14 on x [nodes, (L+1)², C].</summary>
public sealed class RmsNormShKernel(KernelLibrary library)
{
    public const string Source = "rms_norm_sh.cu";
    public const float PaperEps = 1e-5f;

    /// <summary>gamma: [L+1, C]; beta: [C].</summary>
    public void Forward(DeviceBuffer<float> x, DeviceBuffer<float> gamma, DeviceBuffer<float> beta, DeviceBuffer<float> y, int lMax, int channels, float eps = PaperEps, CudaStream? stream = null)
    {
        var nodes = Check(x, gamma, beta, lMax, channels);
        Launch.Length(nameof(RmsNormShKernel), "y", y, x.Length);
        library.Function(Source, "ck_rms_norm_sh_fwd").Launch(
            new Dim3((uint)nodes), Launch.ChannelBlock(channels), 0, stream,
            x.Pointer, gamma.Pointer, beta.Pointer, y.Pointer, nodes, lMax, channels, eps);
    }

    /// <summary>dx, dgamma, dbeta accumulate (+=); stats is a [nodes, 2] workspace (centring mean, scale).</summary>
    public void Backward(
        DeviceBuffer<float> x, DeviceBuffer<float> gamma, DeviceBuffer<float> beta, DeviceBuffer<float> dy,
        DeviceBuffer<float> dx, DeviceBuffer<float> dgamma, DeviceBuffer<float> dbeta, DeviceBuffer<float> stats,
        int lMax, int channels, float eps = PaperEps, CudaStream? stream = null)
    {
        var nodes = Check(x, gamma, beta, lMax, channels);
        Launch.Length(nameof(RmsNormShKernel), "dy", dy, x.Length);
        Launch.Length(nameof(RmsNormShKernel), "dx", dx, x.Length);
        Launch.Length(nameof(RmsNormShKernel), "dgamma", dgamma, gamma.Length);
        Launch.Length(nameof(RmsNormShKernel), "dbeta", dbeta, beta.Length);
        Launch.Length(nameof(RmsNormShKernel), "stats", stats, 2L * nodes);
        library.Function(Source, "ck_rms_norm_sh_bwd_x").Launch(
            new Dim3((uint)nodes), Launch.ChannelBlock(channels), 0, stream,
            x.Pointer, gamma.Pointer, dy.Pointer, dx.Pointer, stats.Pointer, nodes, lMax, channels, eps);
        library.Function(Source, "ck_rms_norm_sh_bwd_params").Launch(
            Launch.Grid((long)(lMax + 1) * channels), new Dim3(Launch.Threads), 0, stream,
            x.Pointer, dy.Pointer, stats.Pointer, dgamma.Pointer, dbeta.Pointer, nodes, lMax, channels);
    }

    private static int Check(DeviceBuffer<float> x, DeviceBuffer<float> gamma, DeviceBuffer<float> beta, int lMax, int channels)
    {
        var k = (long)(lMax + 1) * (lMax + 1);
        if (lMax < 0 || channels <= 0 || x.Length % (k * channels) != 0)
        {
            throw new ArgumentException($"{nameof(RmsNormShKernel)}: x has {x.Length} elements, not [nodes, {k}, {channels}]");
        }

        Launch.Length(nameof(RmsNormShKernel), "gamma", gamma, (lMax + 1L) * channels);
        Launch.Length(nameof(RmsNormShKernel), "beta", beta, channels);
        return (int)(x.Length / (k * channels));
    }
}
