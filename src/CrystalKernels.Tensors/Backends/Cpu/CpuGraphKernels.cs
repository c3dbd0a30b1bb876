using CrystalKernels.Tensors.Kernels;

namespace CrystalKernels.Tensors.Backends.Cpu;

/// <summary>CPU Graph kernels, generic over float and double.</summary>
public sealed partial class CpuGraphKernels : IGraphKernels
{
}
