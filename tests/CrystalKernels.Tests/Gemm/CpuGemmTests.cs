using System.Numerics;
using CrystalKernels.Tensors.Backends.Cpu;
using CrystalKernels.Tensors.Backends.Cpu.Gemm;

namespace CrystalKernels.Tests.Gemm;

/// <summary>CpuGemm against GemmReference: every transpose combination, awkward sizes, alpha/beta, padded leading dims.</summary>
public class CpuGemmTests
{
    /// <summary>(m, n, k): tiny (dot-product path), edge tiles in every direction, several kc passes, one ~300x200x500.</summary>
    private static readonly int[][] Sizes =
    [
        [1, 1, 1], [7, 7, 7], [1, 257, 65], [257, 1, 33], [31, 33, 65], [33, 31, 7], [65, 257, 33], [257, 65, 31],
        [65, 33, 257], [300, 200, 500],
    ];

    [Test]
    public void MatchesReferenceFloat32([Values(0, 1, 2, 3, 4, 5, 6, 7, 8, 9)] int size, [Values] bool transA, [Values] bool transB) =>
        Check<float>(Sizes[size], transA, transB, 0.75f, 0.5f, pad: 3);

    [Test]
    public void MatchesReferenceFloat64([Values(0, 1, 2, 3, 4, 5, 6, 7, 8, 9)] int size, [Values] bool transA, [Values] bool transB) =>
        Check<double>(Sizes[size], transA, transB, 0.75, 0.5, pad: 3);

    [Test]
    public void AlphaBetaCombinations([Values(1.0, -2.5, 0.0)] double alpha, [Values(0.0, 1.0, -0.5)] double beta)
    {
        Check<float>([65, 70, 90], false, true, (float)alpha, (float)beta, pad: 0);
        Check<double>([65, 70, 90], true, false, alpha, beta, pad: 5);
    }

    [Test]
    public void BetaZeroIgnoresNaNGarbageInC([Values(1, 40, 300)] int size, [Values(1.0f, 0.0f)] float alpha)
    {
        var g = new GemmCase<float>(size, size, size, false, false, 2, 7);
        Array.Fill(g.C, float.NaN);
        CpuGemm.Gemm(false, false, size, size, size, alpha, g.A, g.Lda, g.B, g.Ldb, 0f, g.C, g.Ldc);
        for (var i = 0; i < size; i++)
        {
            for (var j = 0; j < size; j++)
            {
                Assert.That(float.IsNaN(g.C[i * g.Ldc + j]), Is.False, $"NaN at C[{i},{j}]");
            }
        }
    }

    [Test]
    public void LargeLeadingDimensionsLeavePaddingUntouched([Values] bool transA, [Values] bool transB) =>
        Check<float>([100, 97, 130], transA, transB, 1f, 1f, pad: 37);

    [Test]
    public void ThreadCountDoesNotChangeAnyBit(
        [Values(0, 1, 2)] int shape, [Values] bool transA, [Values] bool transB)
    {
        // Sizes large enough to run the parallel path: many row blocks; few rows (column split); tall and skinny.
        int[][] shapes = [[300, 200, 500], [20, 1000, 400], [2000, 64, 130]];
        var (m, n, k) = (shapes[shape][0], shapes[shape][1], shapes[shape][2]);
        var g = new GemmCase<float>(m, n, k, transA, transB, 1, 11);
        var saved = CpuParallel.Threads;
        try
        {
            var one = (float[])g.C.Clone();
            var two = (float[])g.C.Clone();
            CpuParallel.Threads = 1;
            CpuGemm.Gemm(transA, transB, m, n, k, 1.25f, g.A, g.Lda, g.B, g.Ldb, 0.5f, one, g.Ldc);
            CpuParallel.Threads = 2;
            CpuGemm.Gemm(transA, transB, m, n, k, 1.25f, g.A, g.Lda, g.B, g.Ldb, 0.5f, two, g.Ldc);
            Assert.That(two, Is.EqualTo(one).AsCollection, "thread count changed the result");
        }
        finally
        {
            CpuParallel.Threads = saved;
        }
    }

    [Test]
    public void RepeatedCallsGiveTheSameBits()
    {
        var g = new GemmCase<float>(150, 90, 700, true, false, 0, 3);
        var first = new float[g.C.Length];
        var second = new float[g.C.Length];
        CpuGemm.Gemm(true, false, 150, 90, 700, 1f, g.A, g.Lda, g.B, g.Ldb, 0f, first, g.Ldc);
        CpuGemm.Gemm(true, false, 150, 90, 700, 1f, g.A, g.Lda, g.B, g.Ldb, 0f, second, g.Ldc);
        Assert.That(second, Is.EqualTo(first).AsCollection);
    }

    [Test]
    public void ZeroSizesAndZeroDepth()
    {
        var c = new float[] { 1, 2, 3, 4 };
        CpuGemm.Gemm(false, false, 0, 2, 3, 1f, [], 3, new float[6], 2, 0f, c, 2);
        Assert.That(c, Is.EqualTo(new float[] { 1, 2, 3, 4 }));
        CpuGemm.Gemm(false, false, 2, 2, 0, 1f, [], 1, [], 2, 2f, c, 2);
        Assert.That(c, Is.EqualTo(new float[] { 2, 4, 6, 8 }));
    }

    [Test]
    public void BadLeadingDimensionOrShortSpanThrowsNamingGemm()
    {
        var e = Assert.Throws<ArgumentException>(() =>
            CpuGemm.Gemm(false, false, 4, 4, 4, 1f, new float[16], 3, new float[16], 4, 0f, new float[16], 4))!;
        Assert.That(e.Message, Does.Contain("Gemm").And.Contain("A"));
        e = Assert.Throws<ArgumentException>(() =>
            CpuGemm.Gemm(false, true, 4, 4, 4, 1f, new float[16], 4, new float[15], 4, 0f, new float[16], 4))!;
        Assert.That(e.Message, Does.Contain("Gemm").And.Contain("B"));
    }

    internal static void Check<T>(int[] size, bool transA, bool transB, T alpha, T beta, int pad)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var (m, n, k) = (size[0], size[1], size[2]);
        var g = new GemmCase<T>(m, n, k, transA, transB, pad, (ulong)(m * 1000003 + n * 1009 + k));
        var want = (T[])g.C.Clone();
        GemmReference.Gemm(transA, transB, m, n, k, alpha, g.A, g.Lda, g.B, g.Ldb, beta, want, g.Ldc);
        var got = (T[])g.C.Clone();
        CpuGemm.Gemm(transA, transB, m, n, k, alpha, g.A, g.Lda, g.B, g.Ldb, beta, got, g.Ldc);
        g.AssertClose(got, want, g.C, alpha, beta, GemmTol.UnitRoundoff<T>());
    }
}
