using CrystalKernels.Tensors.Kernels;

namespace CrystalKernels.Tensors.Backends.Cpu;

/// <summary>The CPU reference backend: generic over float/double, SIMD through TensorPrimitives, Parallel.For.</summary>
public sealed class CpuBackend : IBackend
{
    public static readonly CpuBackend Instance = new();

    public string Name => "cpu";

    public IElementwiseKernels Elementwise { get; } = new CpuElementwiseKernels();

    public IReduceKernels Reduce { get; } = new CpuReduceKernels();

    public IMatMulKernels MatMul { get; } = new CpuMatMulKernels();

    public ILayoutKernels Layout { get; } = new CpuLayoutKernels();

    public IGraphKernels Graph { get; } = new CpuGraphKernels();

    public INormKernels Norm { get; } = new CpuNormKernels();

    public ILossKernels Loss { get; } = new CpuLossKernels();
}
