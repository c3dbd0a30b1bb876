using System.Numerics;
using CrystalKernels.Tensors.Random;
using CrystalKernels.Tests.Support;

namespace CrystalKernels.Tests.Gemm;

/// <summary>Random operands with padded leading dimensions, and the element-wise error-bound check against the reference.</summary>
internal sealed class GemmCase<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    public GemmCase(int m, int n, int k, bool transA, bool transB, int pad, ulong seed)
    {
        (M, N, K, TransA, TransB) = (m, n, k, transA, transB);
        var (aRows, aCols) = transA ? (k, m) : (m, k);
        var (bRows, bCols) = transB ? (n, k) : (k, n);
        Lda = aCols + pad;
        Ldb = bCols + pad;
        Ldc = n + pad;
        var rng = RngStream.Create(seed, "gemm-test");
        A = Random(rng.Sub(0), aRows, Lda);
        B = Random(rng.Sub(1), bRows, Ldb);
        C = Random(rng.Sub(2), m, Ldc);
    }

    public int M { get; }

    public int N { get; }

    public int K { get; }

    public bool TransA { get; }

    public bool TransB { get; }

    public int Lda { get; }

    public int Ldb { get; }

    public int Ldc { get; }

    public T[] A { get; }

    public T[] B { get; }

    public T[] C { get; }

    public T OpA(int i, int p) => TransA ? A[p * Lda + i] : A[i * Lda + p];

    public T OpB(int p, int j) => TransB ? B[j * Ldb + p] : B[p * Ldb + j];

    /// <summary>
    /// Asserts got is within the rounding bound of want element by element, and that got matches C0 (the C before
    /// the call) outside the m x n window (padding columns untouched).
    /// </summary>
    public void AssertClose(T[] got, T[] want, T[] c0, T alpha, T beta, double unitRoundoff)
    {
        for (var i = 0; i < M; i++)
        {
            for (var j = 0; j < Ldc; j++)
            {
                var idx = i * Ldc + j;
                if (j >= N)
                {
                    Assert.That(got[idx], Is.EqualTo(c0[idx]), $"padding C[{i},{j}] was written");
                    continue;
                }

                var mag = 0.0;
                for (var p = 0; p < K; p++)
                {
                    mag += Math.Abs(double.CreateTruncating(OpA(i, p)) * double.CreateTruncating(OpB(p, j)));
                }

                var scale = Math.Abs(double.CreateTruncating(alpha)) * mag;
                if (beta != T.Zero)
                {
                    scale += Math.Abs(double.CreateTruncating(beta) * double.CreateTruncating(c0[idx]));
                }

                var bound = (K + 2) * unitRoundoff * scale + double.Epsilon;
                var g = double.CreateTruncating(got[idx]);
                var w = double.CreateTruncating(want[idx]);
                if (!(Math.Abs(g - w) <= bound))
                {
                    Assert.Fail($"C[{i},{j}] = {g}, reference {w}, |diff| {Math.Abs(g - w):E3} > bound {bound:E3} " +
                                $"(m={M} n={N} k={K} transA={TransA} transB={TransB})");
                }
            }
        }
    }

    private static T[] Random(RngStream rng, int rows, int ld)
    {
        var x = new T[Math.Max(1, rows * ld)];
        for (var i = 0; i < x.Length; i++)
        {
            x[i] = T.CreateTruncating(2.0 * rng.UniformDouble((ulong)i) - 1.0);
        }

        return x;
    }
}

internal static class GemmTol
{
    public static double UnitRoundoff<T>() => typeof(T) == typeof(float) ? Tol.GemmUnitRoundoffF32 : Tol.GemmUnitRoundoffF64;
}
