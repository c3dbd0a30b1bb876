namespace CrystalKernels.Native.Kernels;

/// <summary>What cuModuleLoadData receives: PTX (JIT-compiled by the driver) or a CUBIN/fatbin (ready machine code).</summary>
public enum KernelImageKind
{
    Ptx,
    Cubin,
    Fatbin,
}

/// <summary>A compiled kernel image, where it came from, and the compiler's log (warnings).</summary>
public sealed record KernelImage(string Source, KernelImageKind Kind, byte[] Bytes, string Origin, string Log);
