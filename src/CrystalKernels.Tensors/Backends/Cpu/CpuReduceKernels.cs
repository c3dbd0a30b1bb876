using CrystalKernels.Tensors.Kernels;

namespace CrystalKernels.Tensors.Backends.Cpu;

/// <summary>CPU Reduce kernels, generic over float and double.</summary>
public sealed partial class CpuReduceKernels : IReduceKernels
{
}
