using CrystalKernels.Native.Interop;
using static CrystalKernels.Native.Interop.CudaCheck;

namespace CrystalKernels.Native.Handles;

/// <summary>A cuBLAS library handle, bound to the context current at creation.</summary>
public sealed class CublasHandle : ContextBoundHandle
{
    private CublasHandle(CudaContextHandle context)
        : base(context)
    {
    }

    internal static CublasHandle Create(CudaContextHandle context)
    {
        var h = new CublasHandle(context);
        Check(Cublas.cublasCreate(out var b));
        h.Adopt(b);
        return h;
    }

    protected override bool ReleaseInContext() => Cublas.cublasDestroy(handle) == CublasStatus.Success;
}
