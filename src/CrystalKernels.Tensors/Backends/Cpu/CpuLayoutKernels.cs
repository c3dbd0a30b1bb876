using CrystalKernels.Tensors.Kernels;

namespace CrystalKernels.Tensors.Backends.Cpu;

/// <summary>CPU Layout kernels, generic over float and double.</summary>
public sealed partial class CpuLayoutKernels : ILayoutKernels
{
}
