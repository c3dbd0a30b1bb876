using CrystalKernels.Tensors.Kernels;

namespace CrystalKernels.Gpu;

/// <summary>The ILGPU backend of one <see cref="IlgpuDevice"/>: every op family as portable ILGPU kernels.</summary>
public sealed class IlgpuBackend : IBackend
{
    public IlgpuBackend(IlgpuDevice device)
    {
        Elementwise = new IlgpuElementwiseKernels(device);
        var reduce = new IlgpuReduceKernels(device);
        Reduce = reduce;
        MatMul = new IlgpuMatMulKernels(device);
        Layout = new IlgpuLayoutKernels(device);
        Graph = new IlgpuGraphKernels(device);
        Norm = new IlgpuNormKernels(device);
        Loss = new IlgpuLossKernels(device, reduce);
    }

    public string Name => "ilgpu";

    public IElementwiseKernels Elementwise { get; }

    public IReduceKernels Reduce { get; }

    public IMatMulKernels MatMul { get; }

    public ILayoutKernels Layout { get; }

    public IGraphKernels Graph { get; }

    public INormKernels Norm { get; }

    public ILossKernels Loss { get; }
}
