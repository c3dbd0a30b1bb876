using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace CrystalKernels.Tensors.Backends.Cpu.Gemm;

/// <summary>
/// Float32 AVX2+FMA micro-kernel, 6 x 16: 12 ymm accumulators out of 16 registers, for CPUs without AVX-512.
/// Generated shape: written out by hand-unrolling so every accumulator stays in a register.
/// </summary>
internal readonly unsafe struct MicroKernelAvx2F32 : IGemmMicroKernel<float>
{
    public static int MR => 6;

    public static int NR => 16;

    public static bool IsSupported => Avx2.IsSupported && Fma.IsSupported;

    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    public static void Run(int kc, float* a, float* b, float* c, nint ldc, float alpha, float beta, int mr, int nr)
    {
        var c0_0 = Vector256<float>.Zero; var c0_1 = Vector256<float>.Zero;
        var c1_0 = Vector256<float>.Zero; var c1_1 = Vector256<float>.Zero;
        var c2_0 = Vector256<float>.Zero; var c2_1 = Vector256<float>.Zero;
        var c3_0 = Vector256<float>.Zero; var c3_1 = Vector256<float>.Zero;
        var c4_0 = Vector256<float>.Zero; var c4_1 = Vector256<float>.Zero;
        var c5_0 = Vector256<float>.Zero; var c5_1 = Vector256<float>.Zero;
        for (var p = 0; p < kc; p++)
        {
            var b0 = Vector256.Load(b + 0);
            var b1 = Vector256.Load(b + 8);
            var a0 = Vector256.Create(a[0]);
            c0_0 = Fma.MultiplyAdd(a0, b0, c0_0);
            c0_1 = Fma.MultiplyAdd(a0, b1, c0_1);
            var a1 = Vector256.Create(a[1]);
            c1_0 = Fma.MultiplyAdd(a1, b0, c1_0);
            c1_1 = Fma.MultiplyAdd(a1, b1, c1_1);
            var a2 = Vector256.Create(a[2]);
            c2_0 = Fma.MultiplyAdd(a2, b0, c2_0);
            c2_1 = Fma.MultiplyAdd(a2, b1, c2_1);
            var a3 = Vector256.Create(a[3]);
            c3_0 = Fma.MultiplyAdd(a3, b0, c3_0);
            c3_1 = Fma.MultiplyAdd(a3, b1, c3_1);
            var a4 = Vector256.Create(a[4]);
            c4_0 = Fma.MultiplyAdd(a4, b0, c4_0);
            c4_1 = Fma.MultiplyAdd(a4, b1, c4_1);
            var a5 = Vector256.Create(a[5]);
            c5_0 = Fma.MultiplyAdd(a5, b0, c5_0);
            c5_1 = Fma.MultiplyAdd(a5, b1, c5_1);
            a += 6;
            b += 16;
        }

        if (mr == 6 && nr == 16)
        {
            var va = Vector256.Create(alpha);
            if (beta == 0)
            {
                Vector256.Store(va * c0_0, c + 0 * ldc + 0);
                Vector256.Store(va * c0_1, c + 0 * ldc + 8);
                Vector256.Store(va * c1_0, c + 1 * ldc + 0);
                Vector256.Store(va * c1_1, c + 1 * ldc + 8);
                Vector256.Store(va * c2_0, c + 2 * ldc + 0);
                Vector256.Store(va * c2_1, c + 2 * ldc + 8);
                Vector256.Store(va * c3_0, c + 3 * ldc + 0);
                Vector256.Store(va * c3_1, c + 3 * ldc + 8);
                Vector256.Store(va * c4_0, c + 4 * ldc + 0);
                Vector256.Store(va * c4_1, c + 4 * ldc + 8);
                Vector256.Store(va * c5_0, c + 5 * ldc + 0);
                Vector256.Store(va * c5_1, c + 5 * ldc + 8);
            }
            else
            {
                var vb = Vector256.Create(beta);
                Vector256.Store(Fma.MultiplyAdd(va, c0_0, vb * Vector256.Load(c + 0 * ldc + 0)), c + 0 * ldc + 0);
                Vector256.Store(Fma.MultiplyAdd(va, c0_1, vb * Vector256.Load(c + 0 * ldc + 8)), c + 0 * ldc + 8);
                Vector256.Store(Fma.MultiplyAdd(va, c1_0, vb * Vector256.Load(c + 1 * ldc + 0)), c + 1 * ldc + 0);
                Vector256.Store(Fma.MultiplyAdd(va, c1_1, vb * Vector256.Load(c + 1 * ldc + 8)), c + 1 * ldc + 8);
                Vector256.Store(Fma.MultiplyAdd(va, c2_0, vb * Vector256.Load(c + 2 * ldc + 0)), c + 2 * ldc + 0);
                Vector256.Store(Fma.MultiplyAdd(va, c2_1, vb * Vector256.Load(c + 2 * ldc + 8)), c + 2 * ldc + 8);
                Vector256.Store(Fma.MultiplyAdd(va, c3_0, vb * Vector256.Load(c + 3 * ldc + 0)), c + 3 * ldc + 0);
                Vector256.Store(Fma.MultiplyAdd(va, c3_1, vb * Vector256.Load(c + 3 * ldc + 8)), c + 3 * ldc + 8);
                Vector256.Store(Fma.MultiplyAdd(va, c4_0, vb * Vector256.Load(c + 4 * ldc + 0)), c + 4 * ldc + 0);
                Vector256.Store(Fma.MultiplyAdd(va, c4_1, vb * Vector256.Load(c + 4 * ldc + 8)), c + 4 * ldc + 8);
                Vector256.Store(Fma.MultiplyAdd(va, c5_0, vb * Vector256.Load(c + 5 * ldc + 0)), c + 5 * ldc + 0);
                Vector256.Store(Fma.MultiplyAdd(va, c5_1, vb * Vector256.Load(c + 5 * ldc + 8)), c + 5 * ldc + 8);
            }

            return;
        }

        var tmp = stackalloc float[96];
        Vector256.Store(c0_0, tmp + 0);
        Vector256.Store(c0_1, tmp + 8);
        Vector256.Store(c1_0, tmp + 16);
        Vector256.Store(c1_1, tmp + 24);
        Vector256.Store(c2_0, tmp + 32);
        Vector256.Store(c2_1, tmp + 40);
        Vector256.Store(c3_0, tmp + 48);
        Vector256.Store(c3_1, tmp + 56);
        Vector256.Store(c4_0, tmp + 64);
        Vector256.Store(c4_1, tmp + 72);
        Vector256.Store(c5_0, tmp + 80);
        Vector256.Store(c5_1, tmp + 88);
        GemmEdge.Merge(tmp, 16, c, ldc, alpha, beta, mr, nr);
    }
}
