namespace CrystalKernels.Tensors.Kernels;

/// <summary>Norm kernels of one backend. Backward kernels accumulate (+=) into gradient tensors.</summary>
public interface INormKernels
{
}
