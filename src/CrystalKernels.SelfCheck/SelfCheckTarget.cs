namespace CrystalKernels.SelfCheck;

/// <summary>Where the device side of the comparisons runs.</summary>
public enum SelfCheckTarget
{
    /// <summary>ILGPU's CPU accelerator: the ILGPU kernels' code path on any machine (CI).</summary>
    Cpu,

    /// <summary>The first CUDA device: the ILGPU kernels on the CUDA accelerator, native/*.cu kernels and cuBLAS.</summary>
    Cuda,
}
