using System.Numerics;
using System.Runtime.CompilerServices;

namespace CrystalKernels.Tensors.Backends.Cpu.Gemm;

/// <summary>
/// Portable micro-kernel on <see cref="Vector{T}"/>, 4 x (2 vectors): the path for CPUs without AVX-512 (float64)
/// or without any x86 SIMD (both types). Vector.FusedMultiplyAdd rounds once, like the scalar edge write-back.
/// </summary>
internal readonly unsafe struct MicroKernelVector<T> : IGemmMicroKernel<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    public static int MR => 4;

    public static int NR => 2 * Vector<T>.Count;

    public static bool IsSupported => true;

    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    public static void Run(int kc, T* a, T* b, T* c, nint ldc, T alpha, T beta, int mr, int nr)
    {
        var w = Vector<T>.Count;
        Vector<T> c00 = default, c01 = default, c10 = default, c11 = default;
        Vector<T> c20 = default, c21 = default, c30 = default, c31 = default;
        for (var p = 0; p < kc; p++)
        {
            var b0 = Vector.Load(b);
            var b1 = Vector.Load(b + w);
            var a0 = new Vector<T>(a[0]);
            c00 = Fma(a0, b0, c00);
            c01 = Fma(a0, b1, c01);
            var a1 = new Vector<T>(a[1]);
            c10 = Fma(a1, b0, c10);
            c11 = Fma(a1, b1, c11);
            var a2 = new Vector<T>(a[2]);
            c20 = Fma(a2, b0, c20);
            c21 = Fma(a2, b1, c21);
            var a3 = new Vector<T>(a[3]);
            c30 = Fma(a3, b0, c30);
            c31 = Fma(a3, b1, c31);
            a += 4;
            b += 2 * w;
        }

        // Always through the scalar merge: this path is the fallback, simplicity over the last few percent.
        var tmp = stackalloc T[8 * w];
        Vector.Store(c00, tmp);
        Vector.Store(c01, tmp + w);
        Vector.Store(c10, tmp + 2 * w);
        Vector.Store(c11, tmp + 3 * w);
        Vector.Store(c20, tmp + 4 * w);
        Vector.Store(c21, tmp + 5 * w);
        Vector.Store(c30, tmp + 6 * w);
        Vector.Store(c31, tmp + 7 * w);
        GemmEdge.Merge(tmp, 2 * w, c, ldc, alpha, beta, mr, nr);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector<T> Fma(Vector<T> x, Vector<T> y, Vector<T> z)
    {
        if (typeof(T) == typeof(float))
        {
            return Vector.FusedMultiplyAdd(x.As<T, float>(), y.As<T, float>(), z.As<T, float>()).As<float, T>();
        }

        return Vector.FusedMultiplyAdd(x.As<T, double>(), y.As<T, double>(), z.As<T, double>()).As<double, T>();
    }
}
