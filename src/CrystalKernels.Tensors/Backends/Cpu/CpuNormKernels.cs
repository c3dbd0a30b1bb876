using CrystalKernels.Tensors.Kernels;

namespace CrystalKernels.Tensors.Backends.Cpu;

/// <summary>CPU Norm kernels, generic over float and double.</summary>
public sealed partial class CpuNormKernels : INormKernels
{
}
