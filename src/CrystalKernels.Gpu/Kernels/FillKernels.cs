using ILGPU;

namespace CrystalKernels.Gpu.Kernels;

internal static class FillKernels
{
    public static void Fill<T, TE>(Index1D i, ArrayView<T> y, double value)
        where T : unmanaged
        where TE : struct, IElem<T> => y[i] = default(TE).Store(value);
}
