namespace CrystalKernels.Tensors.Kernels;

/// <summary>Graph kernels of one backend. Backward kernels accumulate (+=) into gradient tensors.</summary>
public interface IGraphKernels
{
}
