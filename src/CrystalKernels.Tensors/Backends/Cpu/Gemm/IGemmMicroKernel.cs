namespace CrystalKernels.Tensors.Backends.Cpu.Gemm;

/// <summary>
/// A register-blocked GEMM micro-kernel: MR rows x NR columns of C from an MR-row panel of packed A (kc steps of MR
/// values) and an NR-column panel of packed B (kc steps of NR values). Static abstract so the driver is specialised
/// per kernel and the call inlines.
/// </summary>
internal unsafe interface IGemmMicroKernel<T>
    where T : unmanaged
{
    static abstract int MR { get; }

    static abstract int NR { get; }

    /// <summary>Whether this kernel can run on the current CPU.</summary>
    static abstract bool IsSupported { get; }

    /// <summary>
    /// acc = sum over p of a[p*MR + i] * b[p*NR + j]; then C[i, j] = alpha*acc when beta is zero (C is not read),
    /// else fma(alpha, acc, beta*C[i, j]), for i &lt; mr, j &lt; nr (an edge tile when mr &lt; MR or nr &lt; NR).
    /// </summary>
    static abstract void Run(int kc, T* a, T* b, T* c, nint ldc, T alpha, T beta, int mr, int nr);
}
