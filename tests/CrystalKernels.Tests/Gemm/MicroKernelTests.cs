using System.Numerics;
using CrystalKernels.Tensors.Backends.Cpu.Gemm;

namespace CrystalKernels.Tests.Gemm;

/// <summary>
/// Each micro-kernel the dispatcher can pick, driven directly (this machine may only ever dispatch to one), against the
/// reference: the fallbacks must be right before the day they run on a CPU without AVX-512.
/// </summary>
public class MicroKernelTests
{
    [Test]
    public void Avx512Float32() => Run<float, MicroKernelAvx512F32>();

    [Test]
    public void Avx512Float64() => Run<double, MicroKernelAvx512F64>();

    [Test]
    public void Avx2Float32() => Run<float, MicroKernelAvx2F32>();

    [Test]
    public void VectorFloat32() => Run<float, MicroKernelVector<float>>();

    [Test]
    public void VectorFloat64() => Run<double, MicroKernelVector<double>>();

    private static void Run<T, TK>()
        where T : unmanaged, IFloatingPointIeee754<T>
        where TK : IGemmMicroKernel<T>
    {
        if (!TK.IsSupported)
        {
            Assert.Ignore($"{typeof(TK).Name} needs an instruction set this CPU lacks");
        }

        // Small blocking so one call exercises several jc/pc passes, row blocks and edge tiles.
        var blocking = new GemmBlocking(Kc: 48, Nc: 3 * TK.NR, Mc: 3 * TK.MR);
        foreach (var (m, n, k, ta, tb) in new[] { (37, 71, 100, false, false), (50, 33, 97, true, true), (9, 150, 60, false, true), (64, 40, 49, true, false) })
        {
            var g = new GemmCase<T>(m, n, k, ta, tb, 2, (ulong)(m + n + k));
            var alpha = T.CreateTruncating(0.5);
            var beta = T.CreateTruncating(-1.25);
            var want = (T[])g.C.Clone();
            GemmReference.Gemm(ta, tb, m, n, k, alpha, g.A, g.Lda, g.B, g.Ldb, beta, want, g.Ldc);
            var got = (T[])g.C.Clone();
            CpuGemm.GemmWithKernel<T, TK>(ta, tb, m, n, k, alpha, g.A, g.Lda, g.B, g.Ldb, beta, got, g.Ldc, blocking);

            g.AssertClose(got, want, g.C, alpha, beta, GemmTol.UnitRoundoff<T>());
        }
    }
}
