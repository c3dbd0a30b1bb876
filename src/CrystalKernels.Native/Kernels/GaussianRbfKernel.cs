using CrystalKernels.Native.Runtime;

namespace CrystalKernels.Native.Kernels;

/// <summary>native/gaussian_rbf.cu: g[e, k] = exp(coeff (d[e] − μ_k)²) and its derivative w.r.t. d.</summary>
public sealed class GaussianRbfKernel(KernelLibrary library)
{
    public const string Source = "gaussian_rbf.cu";

    /// <summary>d: [edges]; centres: [k]; g: [edges, k].</summary>
    public void Forward(DeviceBuffer<float> d, DeviceBuffer<float> centres, float coefficient, DeviceBuffer<float> g, CudaStream? stream = null)
    {
        Launch.Length(nameof(GaussianRbfKernel), "g", g, d.Length * centres.Length);
        library.Function(Source, "ck_gaussian_rbf_fwd").Launch(
            Launch.Grid(g.Length), new Dim3(Launch.Threads), 0, stream,
            d.Pointer, centres.Pointer, coefficient, g.Pointer, (int)d.Length, (int)centres.Length);
    }

    /// <summary>dd[e] += Σ_k dg[e, k] · g[e, k] · 2 coeff (d[e] − μ_k); one warp per edge.</summary>
    public void Backward(DeviceBuffer<float> d, DeviceBuffer<float> centres, float coefficient, DeviceBuffer<float> dg, DeviceBuffer<float> dd, CudaStream? stream = null)
    {
        Launch.Length(nameof(GaussianRbfKernel), "dg", dg, d.Length * centres.Length);
        Launch.Length(nameof(GaussianRbfKernel), "dd", dd, d.Length);
        library.Function(Source, "ck_gaussian_rbf_bwd").Launch(
            Launch.Grid(d.Length * 32), new Dim3(Launch.Threads), 0, stream,
            d.Pointer, centres.Pointer, coefficient, dg.Pointer, dd.Pointer, (int)d.Length, (int)centres.Length);
    }
}
