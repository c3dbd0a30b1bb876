using CrystalKernels.Native.Interop;

namespace CrystalKernels.Native.Handles;

/// <summary>
/// A resource that lives in a context (memory, module, stream, event, cuBLAS handle). It holds a reference on its
/// context so the context outlives it, and makes that context current while releasing, so disposal from another
/// thread (or the finalizer) frees in the right context.
/// </summary>
public abstract class ContextBoundHandle : CudaHandle
{
    private readonly bool addedRef;

    protected ContextBoundHandle(CudaContextHandle context)
    {
        Context = context;
        context.DangerousAddRef(ref addedRef);
    }

    public CudaContextHandle Context { get; }

    protected abstract bool ReleaseInContext();

    protected sealed override bool ReleaseHandle()
    {
        var ok = false;
        if (CudaDriver.cuCtxPushCurrent(Context.Value) == CuResult.Success)
        {
            ok = ReleaseInContext();
            CudaDriver.cuCtxPopCurrent(out _);
        }

        if (addedRef)
        {
            Context.DangerousRelease();
        }

        return ok;
    }
}
