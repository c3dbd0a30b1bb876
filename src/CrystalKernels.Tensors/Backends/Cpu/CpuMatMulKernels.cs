using CrystalKernels.Tensors.Kernels;

namespace CrystalKernels.Tensors.Backends.Cpu;

/// <summary>CPU MatMul kernels, generic over float and double.</summary>
public sealed partial class CpuMatMulKernels : IMatMulKernels
{
}
