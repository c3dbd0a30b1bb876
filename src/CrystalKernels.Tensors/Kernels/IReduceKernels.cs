namespace CrystalKernels.Tensors.Kernels;

/// <summary>Reduce kernels of one backend. Backward kernels accumulate (+=) into gradient tensors.</summary>
public interface IReduceKernels
{
}
