using CrystalKernels.Tensors.Kernels;

namespace CrystalKernels.Tensors.Backends.Cpu;

/// <summary>CPU Loss kernels, generic over float and double.</summary>
public sealed partial class CpuLossKernels : ILossKernels
{
}
