using System.Numerics;
using System.Runtime.CompilerServices;

namespace CrystalKernels.Tensors.Backends.Cpu.Gemm;

/// <summary>
/// General matrix multiply on row-major spans: C = alpha * op(A) * op(B) + beta * C, op = transpose or not,
/// A is m x k (or k x m when transposed) with leading dimension lda, B is k x n (or n x k), C is m x n.
/// When beta is zero C is only written (NaN garbage in C does not leak). Results are bitwise identical for any
/// <see cref="CpuParallel.Threads"/>.
/// </summary>
public static unsafe class CpuGemm
{
    /// <summary>Up to this many multiply-adds, packing costs more than it saves: a plain dot-product loop runs instead.</summary>
    private const long SmallWork = 12 * 12 * 12;

    /// <summary>
    /// Float32 blocking, measured on Zen 5 (48 KiB L1d, 1 MiB L2): the 14 x kc A micro-panel (28 KiB at kc = 512)
    /// stays in L1 while B micro-panels stream from the kc x nc B block in L2; kc = 512 also halves the C
    /// read-modify-write passes against 256 (1024^3 and the thin model shapes were fastest here, see perf/README.md).
    /// </summary>
    internal static GemmBlocking BlockingF32 => new(Kc: 512, Nc: 512, Mc: 168);

    /// <summary>Float64: the same byte footprints as float32 (half the elements per cache line).</summary>
    internal static GemmBlocking BlockingF64 => new(Kc: 256, Nc: 256, Mc: 112);

    public static void Gemm<T>(bool transA, bool transB, int m, int n, int k, T alpha, ReadOnlySpan<T> a, int lda,
        ReadOnlySpan<T> b, int ldb, T beta, Span<T> c, int ldc)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Validate(transA, transB, m, n, k, a.Length, lda, b.Length, ldb, c.Length, ldc);
        if (m == 0 || n == 0)
        {
            return;
        }

        fixed (T* pa = a)
        fixed (T* pb = b)
        fixed (T* pc = c)
        {
            if (k == 0 || alpha == T.Zero)
            {
                ScaleC(m, n, beta, pc, ldc);
            }
            else if ((long)m * n * k <= SmallWork)
            {
                Small(transA, transB, m, n, k, alpha, pa, lda, pb, ldb, beta, pc, ldc);
            }
            else if (typeof(T) == typeof(float))
            {
                Float32(transA, transB, m, n, k, Unsafe.As<T, float>(ref alpha), (float*)pa, lda, (float*)pb, ldb,
                    Unsafe.As<T, float>(ref beta), (float*)pc, ldc);
            }
            else if (typeof(T) == typeof(double))
            {
                Float64(transA, transB, m, n, k, Unsafe.As<T, double>(ref alpha), (double*)pa, lda, (double*)pb, ldb,
                    Unsafe.As<T, double>(ref beta), (double*)pc, ldc);
            }
            else
            {
                GemmReference.Gemm(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
            }
        }
    }

    /// <summary>The blocked path with a chosen micro-kernel and blocking (tests drive every kernel through this).</summary>
    internal static void GemmWithKernel<T, TK>(bool transA, bool transB, int m, int n, int k, T alpha, ReadOnlySpan<T> a,
        int lda, ReadOnlySpan<T> b, int ldb, T beta, Span<T> c, int ldc, GemmBlocking blocking)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TK : IGemmMicroKernel<T>
    {
        Validate(transA, transB, m, n, k, a.Length, lda, b.Length, ldb, c.Length, ldc);
        if (m == 0 || n == 0 || k == 0)
        {
            throw new ArgumentException("Gemm: the blocked path needs positive m, n and k");
        }

        fixed (T* pa = a)
        fixed (T* pb = b)
        fixed (T* pc = c)
        {
            GemmDriver<T, TK>.Run(transA, transB, m, n, k, alpha, pa, lda, pb, ldb, beta, pc, ldc, blocking);
        }
    }

    /// <summary>The micro-kernel the float32 path uses on this CPU (for benchmarks and reports).</summary>
    public static string KernelName<T>() where T : unmanaged
    {
        if (typeof(T) == typeof(float))
        {
            return MicroKernelAvx512F32.IsSupported ? "avx512-14x32" : MicroKernelAvx2F32.IsSupported ? "avx2-6x16" : "vector-4x" + (2 * Vector<float>.Count);
        }

        return MicroKernelAvx512F64.IsSupported ? "avx512-14x16" : "vector-4x" + (2 * Vector<double>.Count);
    }

    private static void Float32(bool transA, bool transB, int m, int n, int k, float alpha, float* a, nint lda, float* b,
        nint ldb, float beta, float* c, nint ldc)
    {
        var blocking = BlockingF32;
        if (MicroKernelAvx512F32.IsSupported)
        {
            GemmDriver<float, MicroKernelAvx512F32>.Run(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc, blocking);
        }
        else if (MicroKernelAvx2F32.IsSupported)
        {
            GemmDriver<float, MicroKernelAvx2F32>.Run(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc, blocking);
        }
        else
        {
            GemmDriver<float, MicroKernelVector<float>>.Run(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc, blocking);
        }
    }

    private static void Float64(bool transA, bool transB, int m, int n, int k, double alpha, double* a, nint lda,
        double* b, nint ldb, double beta, double* c, nint ldc)
    {
        var blocking = BlockingF64;
        if (MicroKernelAvx512F64.IsSupported)
        {
            GemmDriver<double, MicroKernelAvx512F64>.Run(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc, blocking);
        }
        else
        {
            GemmDriver<double, MicroKernelVector<double>>.Run(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc, blocking);
        }
    }

    /// <summary>
    /// Tiny problems: one fused dot product per element in p order, single-threaded (chosen by size only), four
    /// columns at a time so four independent FMA chains hide the FMA latency.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Small<T>(bool transA, bool transB, int m, int n, int k, T alpha, T* a, nint lda, T* b, nint ldb,
        T beta, T* c, nint ldc)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        nint sa = transA ? lda : 1, ra = transA ? 1 : lda;
        nint sb = transB ? 1 : ldb, cb = transB ? ldb : 1;
        for (var i = 0; i < m; i++)
        {
            var arow = a + i * ra;
            var crow = c + i * ldc;
            var j = 0;
            for (; j + 4 <= n; j += 4)
            {
                var b0 = b + j * cb;
                T acc0 = T.Zero, acc1 = T.Zero, acc2 = T.Zero, acc3 = T.Zero;
                for (var p = 0; p < k; p++)
                {
                    var av = arow[p * sa];
                    var bp = b0 + p * sb;
                    acc0 = T.FusedMultiplyAdd(av, bp[0], acc0);
                    acc1 = T.FusedMultiplyAdd(av, bp[cb], acc1);
                    acc2 = T.FusedMultiplyAdd(av, bp[2 * cb], acc2);
                    acc3 = T.FusedMultiplyAdd(av, bp[3 * cb], acc3);
                }

                Store(crow + j, acc0, alpha, beta);
                Store(crow + j + 1, acc1, alpha, beta);
                Store(crow + j + 2, acc2, alpha, beta);
                Store(crow + j + 3, acc3, alpha, beta);
            }

            for (; j < n; j++)
            {
                var bcol = b + j * cb;
                var acc = T.Zero;
                for (var p = 0; p < k; p++)
                {
                    acc = T.FusedMultiplyAdd(arow[p * sa], bcol[p * sb], acc);
                }

                Store(crow + j, acc, alpha, beta);
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store<T>(T* c, T acc, T alpha, T beta)
        where T : unmanaged, IFloatingPointIeee754<T> =>
        *c = beta == T.Zero ? alpha * acc : T.FusedMultiplyAdd(alpha, acc, beta * *c);

    private static void ScaleC<T>(int m, int n, T beta, T* c, nint ldc)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (var i = 0; i < m; i++)
        {
            var row = new Span<T>(c + i * ldc, n);
            if (beta == T.Zero)
            {
                row.Clear();
            }
            else
            {
                for (var j = 0; j < n; j++)
                {
                    row[j] = beta * row[j];
                }
            }
        }
    }

    private static void Validate(bool transA, bool transB, int m, int n, int k, int aLen, int lda, int bLen, int ldb,
        int cLen, int ldc)
    {
        if (m < 0 || n < 0 || k < 0)
        {
            throw new ArgumentException($"Gemm: negative size m={m} n={n} k={k}");
        }

        Check("A", transA ? k : m, transA ? m : k, aLen, lda);
        Check("B", transB ? n : k, transB ? k : n, bLen, ldb);
        Check("C", m, n, cLen, ldc);
    }

    private static void Check(string name, int rows, int cols, int length, int ld)
    {
        if (ld < Math.Max(1, cols))
        {
            throw new ArgumentException($"Gemm: leading dimension of {name} is {ld}, less than its {cols} columns");
        }

        if (rows > 0 && cols > 0 && (long)(rows - 1) * ld + cols > length)
        {
            throw new ArgumentException(
                $"Gemm: {name} needs {(long)(rows - 1) * ld + cols} elements for {rows}x{cols} with leading dimension {ld}, span has {length}");
        }
    }
}
