using System.Collections.Concurrent;
using System.Reflection;
using ILGPU;
using ILGPU.Runtime;

namespace CrystalKernels.Gpu;

// Generated arity overloads (1..12 kernel arguments): load a kernel once per device (ILGPU compiles it on first use)
// and launch it over n threads, skipping empty launches (ILGPU rejects a zero-sized grid).
public sealed partial class IlgpuDevice
{
    private readonly ConcurrentDictionary<MethodInfo, Delegate> kernels = new();

    /// <summary>The loaded (compiled) form of <paramref name="kernel"/>, keyed by its closed generic method.</summary>
    internal TLoaded Cached<TLoaded>(Delegate kernel, Func<TLoaded> load)
        where TLoaded : Delegate =>
        (TLoaded)kernels.GetOrAdd(kernel.Method, _ => load());

    internal Action<Index1D, A1> Load<A1>(Action<Index1D, A1> kernel)
        where A1 : struct =>
        Cached(kernel, () => Accelerator.LoadAutoGroupedStreamKernel(kernel));

    internal static void Launch<A1>(long n, Action<Index1D, A1> kernel, A1 a1)
        where A1 : struct
    {
        if (n > 0)
        {
            kernel(checked((int)n), a1);
        }
    }

    internal Action<Index1D, A1, A2> Load<A1, A2>(Action<Index1D, A1, A2> kernel)
        where A1 : struct
        where A2 : struct =>
        Cached(kernel, () => Accelerator.LoadAutoGroupedStreamKernel(kernel));

    internal static void Launch<A1, A2>(long n, Action<Index1D, A1, A2> kernel, A1 a1, A2 a2)
        where A1 : struct
        where A2 : struct
    {
        if (n > 0)
        {
            kernel(checked((int)n), a1, a2);
        }
    }

    internal Action<Index1D, A1, A2, A3> Load<A1, A2, A3>(Action<Index1D, A1, A2, A3> kernel)
        where A1 : struct
        where A2 : struct
        where A3 : struct =>
        Cached(kernel, () => Accelerator.LoadAutoGroupedStreamKernel(kernel));

    internal static void Launch<A1, A2, A3>(long n, Action<Index1D, A1, A2, A3> kernel, A1 a1, A2 a2, A3 a3)
        where A1 : struct
        where A2 : struct
        where A3 : struct
    {
        if (n > 0)
        {
            kernel(checked((int)n), a1, a2, a3);
        }
    }

    internal Action<Index1D, A1, A2, A3, A4> Load<A1, A2, A3, A4>(Action<Index1D, A1, A2, A3, A4> kernel)
        where A1 : struct
        where A2 : struct
        where A3 : struct
        where A4 : struct =>
        Cached(kernel, () => Accelerator.LoadAutoGroupedStreamKernel(kernel));

    internal static void Launch<A1, A2, A3, A4>(long n, Action<Index1D, A1, A2, A3, A4> kernel, A1 a1, A2 a2, A3 a3, A4 a4)
        where A1 : struct
        where A2 : struct
        where A3 : struct
        where A4 : struct
    {
        if (n > 0)
        {
            kernel(checked((int)n), a1, a2, a3, a4);
        }
    }

    internal Action<Index1D, A1, A2, A3, A4, A5> Load<A1, A2, A3, A4, A5>(Action<Index1D, A1, A2, A3, A4, A5> kernel)
        where A1 : struct
        where A2 : struct
        where A3 : struct
        where A4 : struct
        where A5 : struct =>
        Cached(kernel, () => Accelerator.LoadAutoGroupedStreamKernel(kernel));

    internal static void Launch<A1, A2, A3, A4, A5>(long n, Action<Index1D, A1, A2, A3, A4, A5> kernel, A1 a1, A2 a2, A3 a3, A4 a4, A5 a5)
        where A1 : struct
        where A2 : struct
        where A3 : struct
        where A4 : struct
        where A5 : struct
    {
        if (n > 0)
        {
            kernel(checked((int)n), a1, a2, a3, a4, a5);
        }
    }

    internal Action<Index1D, A1, A2, A3, A4, A5, A6> Load<A1, A2, A3, A4, A5, A6>(Action<Index1D, A1, A2, A3, A4, A5, A6> kernel)
        where A1 : struct
        where A2 : struct
        where A3 : struct
        where A4 : struct
        where A5 : struct
        where A6 : struct =>
        Cached(kernel, () => Accelerator.LoadAutoGroupedStreamKernel(kernel));

    internal static void Launch<A1, A2, A3, A4, A5, A6>(long n, Action<Index1D, A1, A2, A3, A4, A5, A6> kernel, A1 a1, A2 a2, A3 a3, A4 a4, A5 a5, A6 a6)
        where A1 : struct
        where A2 : struct
        where A3 : struct
        where A4 : struct
        where A5 : struct
        where A6 : struct
    {
        if (n > 0)
        {
            kernel(checked((int)n), a1, a2, a3, a4, a5, a6);
        }
    }

    internal Action<Index1D, A1, A2, A3, A4, A5, A6, A7> Load<A1, A2, A3, A4, A5, A6, A7>(Action<Index1D, A1, A2, A3, A4, A5, A6, A7> kernel)
        where A1 : struct
        where A2 : struct
        where A3 : struct
        where A4 : struct
        where A5 : struct
        where A6 : struct
        where A7 : struct =>
        Cached(kernel, () => Accelerator.LoadAutoGroupedStreamKernel(kernel));

    internal static void Launch<A1, A2, A3, A4, A5, A6, A7>(long n, Action<Index1D, A1, A2, A3, A4, A5, A6, A7> kernel, A1 a1, A2 a2, A3 a3, A4 a4, A5 a5, A6 a6, A7 a7)
        where A1 : struct
        where A2 : struct
        where A3 : struct
        where A4 : struct
        where A5 : struct
        where A6 : struct
        where A7 : struct
    {
        if (n > 0)
        {
            kernel(checked((int)n), a1, a2, a3, a4, a5, a6, a7);
        }
    }

    internal Action<Index1D, A1, A2, A3, A4, A5, A6, A7, A8> Load<A1, A2, A3, A4, A5, A6, A7, A8>(Action<Index1D, A1, A2, A3, A4, A5, A6, A7, A8> kernel)
        where A1 : struct
        where A2 : struct
        where A3 : struct
        where A4 : struct
        where A5 : struct
        where A6 : struct
        where A7 : struct
        where A8 : struct =>
        Cached(kernel, () => Accelerator.LoadAutoGroupedStreamKernel(kernel));

    internal static void Launch<A1, A2, A3, A4, A5, A6, A7, A8>(long n, Action<Index1D, A1, A2, A3, A4, A5, A6, A7, A8> kernel, A1 a1, A2 a2, A3 a3, A4 a4, A5 a5, A6 a6, A7 a7, A8 a8)
        where A1 : struct
        where A2 : struct
        where A3 : struct
        where A4 : struct
        where A5 : struct
        where A6 : struct
        where A7 : struct
        where A8 : struct
    {
        if (n > 0)
        {
            kernel(checked((int)n), a1, a2, a3, a4, a5, a6, a7, a8);
        }
    }

    internal Action<Index1D, A1, A2, A3, A4, A5, A6, A7, A8, A9> Load<A1, A2, A3, A4, A5, A6, A7, A8, A9>(Action<Index1D, A1, A2, A3, A4, A5, A6, A7, A8, A9> kernel)
        where A1 : struct
        where A2 : struct
        where A3 : struct
        where A4 : struct
        where A5 : struct
        where A6 : struct
        where A7 : struct
        where A8 : struct
        where A9 : struct =>
        Cached(kernel, () => Accelerator.LoadAutoGroupedStreamKernel(kernel));

    internal static void Launch<A1, A2, A3, A4, A5, A6, A7, A8, A9>(long n, Action<Index1D, A1, A2, A3, A4, A5, A6, A7, A8, A9> kernel, A1 a1, A2 a2, A3 a3, A4 a4, A5 a5, A6 a6, A7 a7, A8 a8, A9 a9)
        where A1 : struct
        where A2 : struct
        where A3 : struct
        where A4 : struct
        where A5 : struct
        where A6 : struct
        where A7 : struct
        where A8 : struct
        where A9 : struct
    {
        if (n > 0)
        {
            kernel(checked((int)n), a1, a2, a3, a4, a5, a6, a7, a8, a9);
        }
    }

    internal Action<Index1D, A1, A2, A3, A4, A5, A6, A7, A8, A9, A10> Load<A1, A2, A3, A4, A5, A6, A7, A8, A9, A10>(Action<Index1D, A1, A2, A3, A4, A5, A6, A7, A8, A9, A10> kernel)
        where A1 : struct
        where A2 : struct
        where A3 : struct
        where A4 : struct
        where A5 : struct
        where A6 : struct
        where A7 : struct
        where A8 : struct
        where A9 : struct
        where A10 : struct =>
        Cached(kernel, () => Accelerator.LoadAutoGroupedStreamKernel(kernel));

    internal static void Launch<A1, A2, A3, A4, A5, A6, A7, A8, A9, A10>(long n, Action<Index1D, A1, A2, A3, A4, A5, A6, A7, A8, A9, A10> kernel, A1 a1, A2 a2, A3 a3, A4 a4, A5 a5, A6 a6, A7 a7, A8 a8, A9 a9, A10 a10)
        where A1 : struct
        where A2 : struct
        where A3 : struct
        where A4 : struct
        where A5 : struct
        where A6 : struct
        where A7 : struct
        where A8 : struct
        where A9 : struct
        where A10 : struct
    {
        if (n > 0)
        {
            kernel(checked((int)n), a1, a2, a3, a4, a5, a6, a7, a8, a9, a10);
        }
    }

    internal Action<Index1D, A1, A2, A3, A4, A5, A6, A7, A8, A9, A10, A11> Load<A1, A2, A3, A4, A5, A6, A7, A8, A9, A10, A11>(Action<Index1D, A1, A2, A3, A4, A5, A6, A7, A8, A9, A10, A11> kernel)
        where A1 : struct
        where A2 : struct
        where A3 : struct
        where A4 : struct
        where A5 : struct
        where A6 : struct
        where A7 : struct
        where A8 : struct
        where A9 : struct
        where A10 : struct
        where A11 : struct =>
        Cached(kernel, () => Accelerator.LoadAutoGroupedStreamKernel(kernel));

    internal static void Launch<A1, A2, A3, A4, A5, A6, A7, A8, A9, A10, A11>(long n, Action<Index1D, A1, A2, A3, A4, A5, A6, A7, A8, A9, A10, A11> kernel, A1 a1, A2 a2, A3 a3, A4 a4, A5 a5, A6 a6, A7 a7, A8 a8, A9 a9, A10 a10, A11 a11)
        where A1 : struct
        where A2 : struct
        where A3 : struct
        where A4 : struct
        where A5 : struct
        where A6 : struct
        where A7 : struct
        where A8 : struct
        where A9 : struct
        where A10 : struct
        where A11 : struct
    {
        if (n > 0)
        {
            kernel(checked((int)n), a1, a2, a3, a4, a5, a6, a7, a8, a9, a10, a11);
        }
    }

    internal Action<Index1D, A1, A2, A3, A4, A5, A6, A7, A8, A9, A10, A11, A12> Load<A1, A2, A3, A4, A5, A6, A7, A8, A9, A10, A11, A12>(Action<Index1D, A1, A2, A3, A4, A5, A6, A7, A8, A9, A10, A11, A12> kernel)
        where A1 : struct
        where A2 : struct
        where A3 : struct
        where A4 : struct
        where A5 : struct
        where A6 : struct
        where A7 : struct
        where A8 : struct
        where A9 : struct
        where A10 : struct
        where A11 : struct
        where A12 : struct =>
        Cached(kernel, () => Accelerator.LoadAutoGroupedStreamKernel(kernel));

    internal static void Launch<A1, A2, A3, A4, A5, A6, A7, A8, A9, A10, A11, A12>(long n, Action<Index1D, A1, A2, A3, A4, A5, A6, A7, A8, A9, A10, A11, A12> kernel, A1 a1, A2 a2, A3 a3, A4 a4, A5 a5, A6 a6, A7 a7, A8 a8, A9 a9, A10 a10, A11 a11, A12 a12)
        where A1 : struct
        where A2 : struct
        where A3 : struct
        where A4 : struct
        where A5 : struct
        where A6 : struct
        where A7 : struct
        where A8 : struct
        where A9 : struct
        where A10 : struct
        where A11 : struct
        where A12 : struct
    {
        if (n > 0)
        {
            kernel(checked((int)n), a1, a2, a3, a4, a5, a6, a7, a8, a9, a10, a11, a12);
        }
    }
}
