namespace CrystalKernels.Tensors.Kernels;

/// <summary>Layout kernels of one backend. Backward kernels accumulate (+=) into gradient tensors.</summary>
public interface ILayoutKernels
{
}
