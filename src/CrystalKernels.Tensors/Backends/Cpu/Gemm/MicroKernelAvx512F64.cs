using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace CrystalKernels.Tensors.Backends.Cpu.Gemm;

/// <summary>
/// Float64 AVX-512 micro-kernel, 14 x 16: 28 zmm accumulators (same register plan as the float32 kernel).
/// Generated shape: written out by hand-unrolling so every accumulator stays in a register.
/// </summary>
internal readonly unsafe struct MicroKernelAvx512F64 : IGemmMicroKernel<double>
{
    public static int MR => 14;

    public static int NR => 16;

    public static bool IsSupported => Avx512F.IsSupported;

    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    public static void Run(int kc, double* a, double* b, double* c, nint ldc, double alpha, double beta, int mr, int nr)
    {
        var c0_0 = Vector512<double>.Zero; var c0_1 = Vector512<double>.Zero;
        var c1_0 = Vector512<double>.Zero; var c1_1 = Vector512<double>.Zero;
        var c2_0 = Vector512<double>.Zero; var c2_1 = Vector512<double>.Zero;
        var c3_0 = Vector512<double>.Zero; var c3_1 = Vector512<double>.Zero;
        var c4_0 = Vector512<double>.Zero; var c4_1 = Vector512<double>.Zero;
        var c5_0 = Vector512<double>.Zero; var c5_1 = Vector512<double>.Zero;
        var c6_0 = Vector512<double>.Zero; var c6_1 = Vector512<double>.Zero;
        var c7_0 = Vector512<double>.Zero; var c7_1 = Vector512<double>.Zero;
        var c8_0 = Vector512<double>.Zero; var c8_1 = Vector512<double>.Zero;
        var c9_0 = Vector512<double>.Zero; var c9_1 = Vector512<double>.Zero;
        var c10_0 = Vector512<double>.Zero; var c10_1 = Vector512<double>.Zero;
        var c11_0 = Vector512<double>.Zero; var c11_1 = Vector512<double>.Zero;
        var c12_0 = Vector512<double>.Zero; var c12_1 = Vector512<double>.Zero;
        var c13_0 = Vector512<double>.Zero; var c13_1 = Vector512<double>.Zero;
        for (var p = 0; p < kc; p++)
        {
            var b0 = Vector512.Load(b + 0);
            var b1 = Vector512.Load(b + 8);
            var a0 = Vector512.Create(a[0]);
            c0_0 = Avx512F.FusedMultiplyAdd(a0, b0, c0_0);
            c0_1 = Avx512F.FusedMultiplyAdd(a0, b1, c0_1);
            var a1 = Vector512.Create(a[1]);
            c1_0 = Avx512F.FusedMultiplyAdd(a1, b0, c1_0);
            c1_1 = Avx512F.FusedMultiplyAdd(a1, b1, c1_1);
            var a2 = Vector512.Create(a[2]);
            c2_0 = Avx512F.FusedMultiplyAdd(a2, b0, c2_0);
            c2_1 = Avx512F.FusedMultiplyAdd(a2, b1, c2_1);
            var a3 = Vector512.Create(a[3]);
            c3_0 = Avx512F.FusedMultiplyAdd(a3, b0, c3_0);
            c3_1 = Avx512F.FusedMultiplyAdd(a3, b1, c3_1);
            var a4 = Vector512.Create(a[4]);
            c4_0 = Avx512F.FusedMultiplyAdd(a4, b0, c4_0);
            c4_1 = Avx512F.FusedMultiplyAdd(a4, b1, c4_1);
            var a5 = Vector512.Create(a[5]);
            c5_0 = Avx512F.FusedMultiplyAdd(a5, b0, c5_0);
            c5_1 = Avx512F.FusedMultiplyAdd(a5, b1, c5_1);
            var a6 = Vector512.Create(a[6]);
            c6_0 = Avx512F.FusedMultiplyAdd(a6, b0, c6_0);
            c6_1 = Avx512F.FusedMultiplyAdd(a6, b1, c6_1);
            var a7 = Vector512.Create(a[7]);
            c7_0 = Avx512F.FusedMultiplyAdd(a7, b0, c7_0);
            c7_1 = Avx512F.FusedMultiplyAdd(a7, b1, c7_1);
            var a8 = Vector512.Create(a[8]);
            c8_0 = Avx512F.FusedMultiplyAdd(a8, b0, c8_0);
            c8_1 = Avx512F.FusedMultiplyAdd(a8, b1, c8_1);
            var a9 = Vector512.Create(a[9]);
            c9_0 = Avx512F.FusedMultiplyAdd(a9, b0, c9_0);
            c9_1 = Avx512F.FusedMultiplyAdd(a9, b1, c9_1);
            var a10 = Vector512.Create(a[10]);
            c10_0 = Avx512F.FusedMultiplyAdd(a10, b0, c10_0);
            c10_1 = Avx512F.FusedMultiplyAdd(a10, b1, c10_1);
            var a11 = Vector512.Create(a[11]);
            c11_0 = Avx512F.FusedMultiplyAdd(a11, b0, c11_0);
            c11_1 = Avx512F.FusedMultiplyAdd(a11, b1, c11_1);
            var a12 = Vector512.Create(a[12]);
            c12_0 = Avx512F.FusedMultiplyAdd(a12, b0, c12_0);
            c12_1 = Avx512F.FusedMultiplyAdd(a12, b1, c12_1);
            var a13 = Vector512.Create(a[13]);
            c13_0 = Avx512F.FusedMultiplyAdd(a13, b0, c13_0);
            c13_1 = Avx512F.FusedMultiplyAdd(a13, b1, c13_1);
            a += 14;
            b += 16;
        }

        if (mr == 14 && nr == 16)
        {
            var va = Vector512.Create(alpha);
            if (beta == 0)
            {
                Vector512.Store(va * c0_0, c + 0 * ldc + 0);
                Vector512.Store(va * c0_1, c + 0 * ldc + 8);
                Vector512.Store(va * c1_0, c + 1 * ldc + 0);
                Vector512.Store(va * c1_1, c + 1 * ldc + 8);
                Vector512.Store(va * c2_0, c + 2 * ldc + 0);
                Vector512.Store(va * c2_1, c + 2 * ldc + 8);
                Vector512.Store(va * c3_0, c + 3 * ldc + 0);
                Vector512.Store(va * c3_1, c + 3 * ldc + 8);
                Vector512.Store(va * c4_0, c + 4 * ldc + 0);
                Vector512.Store(va * c4_1, c + 4 * ldc + 8);
                Vector512.Store(va * c5_0, c + 5 * ldc + 0);
                Vector512.Store(va * c5_1, c + 5 * ldc + 8);
                Vector512.Store(va * c6_0, c + 6 * ldc + 0);
                Vector512.Store(va * c6_1, c + 6 * ldc + 8);
                Vector512.Store(va * c7_0, c + 7 * ldc + 0);
                Vector512.Store(va * c7_1, c + 7 * ldc + 8);
                Vector512.Store(va * c8_0, c + 8 * ldc + 0);
                Vector512.Store(va * c8_1, c + 8 * ldc + 8);
                Vector512.Store(va * c9_0, c + 9 * ldc + 0);
                Vector512.Store(va * c9_1, c + 9 * ldc + 8);
                Vector512.Store(va * c10_0, c + 10 * ldc + 0);
                Vector512.Store(va * c10_1, c + 10 * ldc + 8);
                Vector512.Store(va * c11_0, c + 11 * ldc + 0);
                Vector512.Store(va * c11_1, c + 11 * ldc + 8);
                Vector512.Store(va * c12_0, c + 12 * ldc + 0);
                Vector512.Store(va * c12_1, c + 12 * ldc + 8);
                Vector512.Store(va * c13_0, c + 13 * ldc + 0);
                Vector512.Store(va * c13_1, c + 13 * ldc + 8);
            }
            else
            {
                var vb = Vector512.Create(beta);
                Vector512.Store(Avx512F.FusedMultiplyAdd(va, c0_0, vb * Vector512.Load(c + 0 * ldc + 0)), c + 0 * ldc + 0);
                Vector512.Store(Avx512F.FusedMultiplyAdd(va, c0_1, vb * Vector512.Load(c + 0 * ldc + 8)), c + 0 * ldc + 8);
                Vector512.Store(Avx512F.FusedMultiplyAdd(va, c1_0, vb * Vector512.Load(c + 1 * ldc + 0)), c + 1 * ldc + 0);
                Vector512.Store(Avx512F.FusedMultiplyAdd(va, c1_1, vb * Vector512.Load(c + 1 * ldc + 8)), c + 1 * ldc + 8);
                Vector512.Store(Avx512F.FusedMultiplyAdd(va, c2_0, vb * Vector512.Load(c + 2 * ldc + 0)), c + 2 * ldc + 0);
                Vector512.Store(Avx512F.FusedMultiplyAdd(va, c2_1, vb * Vector512.Load(c + 2 * ldc + 8)), c + 2 * ldc + 8);
                Vector512.Store(Avx512F.FusedMultiplyAdd(va, c3_0, vb * Vector512.Load(c + 3 * ldc + 0)), c + 3 * ldc + 0);
                Vector512.Store(Avx512F.FusedMultiplyAdd(va, c3_1, vb * Vector512.Load(c + 3 * ldc + 8)), c + 3 * ldc + 8);
                Vector512.Store(Avx512F.FusedMultiplyAdd(va, c4_0, vb * Vector512.Load(c + 4 * ldc + 0)), c + 4 * ldc + 0);
                Vector512.Store(Avx512F.FusedMultiplyAdd(va, c4_1, vb * Vector512.Load(c + 4 * ldc + 8)), c + 4 * ldc + 8);
                Vector512.Store(Avx512F.FusedMultiplyAdd(va, c5_0, vb * Vector512.Load(c + 5 * ldc + 0)), c + 5 * ldc + 0);
                Vector512.Store(Avx512F.FusedMultiplyAdd(va, c5_1, vb * Vector512.Load(c + 5 * ldc + 8)), c + 5 * ldc + 8);
                Vector512.Store(Avx512F.FusedMultiplyAdd(va, c6_0, vb * Vector512.Load(c + 6 * ldc + 0)), c + 6 * ldc + 0);
                Vector512.Store(Avx512F.FusedMultiplyAdd(va, c6_1, vb * Vector512.Load(c + 6 * ldc + 8)), c + 6 * ldc + 8);
                Vector512.Store(Avx512F.FusedMultiplyAdd(va, c7_0, vb * Vector512.Load(c + 7 * ldc + 0)), c + 7 * ldc + 0);
                Vector512.Store(Avx512F.FusedMultiplyAdd(va, c7_1, vb * Vector512.Load(c + 7 * ldc + 8)), c + 7 * ldc + 8);
                Vector512.Store(Avx512F.FusedMultiplyAdd(va, c8_0, vb * Vector512.Load(c + 8 * ldc + 0)), c + 8 * ldc + 0);
                Vector512.Store(Avx512F.FusedMultiplyAdd(va, c8_1, vb * Vector512.Load(c + 8 * ldc + 8)), c + 8 * ldc + 8);
                Vector512.Store(Avx512F.FusedMultiplyAdd(va, c9_0, vb * Vector512.Load(c + 9 * ldc + 0)), c + 9 * ldc + 0);
                Vector512.Store(Avx512F.FusedMultiplyAdd(va, c9_1, vb * Vector512.Load(c + 9 * ldc + 8)), c + 9 * ldc + 8);
                Vector512.Store(Avx512F.FusedMultiplyAdd(va, c10_0, vb * Vector512.Load(c + 10 * ldc + 0)), c + 10 * ldc + 0);
                Vector512.Store(Avx512F.FusedMultiplyAdd(va, c10_1, vb * Vector512.Load(c + 10 * ldc + 8)), c + 10 * ldc + 8);
                Vector512.Store(Avx512F.FusedMultiplyAdd(va, c11_0, vb * Vector512.Load(c + 11 * ldc + 0)), c + 11 * ldc + 0);
                Vector512.Store(Avx512F.FusedMultiplyAdd(va, c11_1, vb * Vector512.Load(c + 11 * ldc + 8)), c + 11 * ldc + 8);
                Vector512.Store(Avx512F.FusedMultiplyAdd(va, c12_0, vb * Vector512.Load(c + 12 * ldc + 0)), c + 12 * ldc + 0);
                Vector512.Store(Avx512F.FusedMultiplyAdd(va, c12_1, vb * Vector512.Load(c + 12 * ldc + 8)), c + 12 * ldc + 8);
                Vector512.Store(Avx512F.FusedMultiplyAdd(va, c13_0, vb * Vector512.Load(c + 13 * ldc + 0)), c + 13 * ldc + 0);
                Vector512.Store(Avx512F.FusedMultiplyAdd(va, c13_1, vb * Vector512.Load(c + 13 * ldc + 8)), c + 13 * ldc + 8);
            }

            return;
        }

        var tmp = stackalloc double[224];
        Vector512.Store(c0_0, tmp + 0);
        Vector512.Store(c0_1, tmp + 8);
        Vector512.Store(c1_0, tmp + 16);
        Vector512.Store(c1_1, tmp + 24);
        Vector512.Store(c2_0, tmp + 32);
        Vector512.Store(c2_1, tmp + 40);
        Vector512.Store(c3_0, tmp + 48);
        Vector512.Store(c3_1, tmp + 56);
        Vector512.Store(c4_0, tmp + 64);
        Vector512.Store(c4_1, tmp + 72);
        Vector512.Store(c5_0, tmp + 80);
        Vector512.Store(c5_1, tmp + 88);
        Vector512.Store(c6_0, tmp + 96);
        Vector512.Store(c6_1, tmp + 104);
        Vector512.Store(c7_0, tmp + 112);
        Vector512.Store(c7_1, tmp + 120);
        Vector512.Store(c8_0, tmp + 128);
        Vector512.Store(c8_1, tmp + 136);
        Vector512.Store(c9_0, tmp + 144);
        Vector512.Store(c9_1, tmp + 152);
        Vector512.Store(c10_0, tmp + 160);
        Vector512.Store(c10_1, tmp + 168);
        Vector512.Store(c11_0, tmp + 176);
        Vector512.Store(c11_1, tmp + 184);
        Vector512.Store(c12_0, tmp + 192);
        Vector512.Store(c12_1, tmp + 200);
        Vector512.Store(c13_0, tmp + 208);
        Vector512.Store(c13_1, tmp + 216);
        GemmEdge.Merge(tmp, 16, c, ldc, alpha, beta, mr, nr);
    }
}
