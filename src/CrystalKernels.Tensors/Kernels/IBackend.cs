namespace CrystalKernels.Tensors.Kernels;

/// <summary>One kernel implementation per op family; no single interface with hundreds of methods.</summary>
public interface IBackend
{
    string Name { get; }

    IElementwiseKernels Elementwise { get; }

    IReduceKernels Reduce { get; }

    IMatMulKernels MatMul { get; }

    ILayoutKernels Layout { get; }

    IGraphKernels Graph { get; }

    INormKernels Norm { get; }

    ILossKernels Loss { get; }
}
