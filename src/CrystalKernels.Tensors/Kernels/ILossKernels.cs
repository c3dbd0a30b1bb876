namespace CrystalKernels.Tensors.Kernels;

/// <summary>Loss kernels of one backend. Backward kernels accumulate (+=) into gradient tensors.</summary>
public interface ILossKernels
{
}
