namespace CrystalKernels.Tensors.Kernels;

/// <summary>MatMul kernels of one backend. Backward kernels accumulate (+=) into gradient tensors.</summary>
public interface IMatMulKernels
{
}
