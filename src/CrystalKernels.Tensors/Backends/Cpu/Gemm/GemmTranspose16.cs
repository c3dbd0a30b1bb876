using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace CrystalKernels.Tensors.Backends.Cpu.Gemm;

/// <summary>
/// AVX-512 16x16 float transpose for packing the operand that is stored against the panel layout (A not transposed,
/// B transposed): scalar packing of those is a strided scatter that costs as much as the multiply for thin GEMMs.
/// </summary>
internal static unsafe class GemmTranspose16
{
    /// <summary>
    /// Reads <paramref name="rows"/> (&lt;= 16) source rows of 16 floats (row r at src + r*srcStride; missing rows read
    /// as zero) and writes column j, i.e. (row 0..15 at j), as 16 floats at dst + j*dstStride for j = 0..15 in
    /// ascending order. With dstStride &lt; 16 the stores overlap and each later store overwrites the previous one's
    /// padding lanes, so the caller needs 16 - dstStride floats of slack after the last column.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Transpose(float* src, nint srcStride, int rows, float* dst, nint dstStride)
    {
        var r0 = Row(src, srcStride, rows, 0); var r1 = Row(src, srcStride, rows, 1);
        var r2 = Row(src, srcStride, rows, 2); var r3 = Row(src, srcStride, rows, 3);
        var r4 = Row(src, srcStride, rows, 4); var r5 = Row(src, srcStride, rows, 5);
        var r6 = Row(src, srcStride, rows, 6); var r7 = Row(src, srcStride, rows, 7);
        var r8 = Row(src, srcStride, rows, 8); var r9 = Row(src, srcStride, rows, 9);
        var r10 = Row(src, srcStride, rows, 10); var r11 = Row(src, srcStride, rows, 11);
        var r12 = Row(src, srcStride, rows, 12); var r13 = Row(src, srcStride, rows, 13);
        var r14 = Row(src, srcStride, rows, 14); var r15 = Row(src, srcStride, rows, 15);

        // Stage 1: interleave row pairs within 128-bit lanes.
        var t0 = Avx512F.UnpackLow(r0, r1); var t1 = Avx512F.UnpackHigh(r0, r1);
        var t2 = Avx512F.UnpackLow(r2, r3); var t3 = Avx512F.UnpackHigh(r2, r3);
        var t4 = Avx512F.UnpackLow(r4, r5); var t5 = Avx512F.UnpackHigh(r4, r5);
        var t6 = Avx512F.UnpackLow(r6, r7); var t7 = Avx512F.UnpackHigh(r6, r7);
        var t8 = Avx512F.UnpackLow(r8, r9); var t9 = Avx512F.UnpackHigh(r8, r9);
        var t10 = Avx512F.UnpackLow(r10, r11); var t11 = Avx512F.UnpackHigh(r10, r11);
        var t12 = Avx512F.UnpackLow(r12, r13); var t13 = Avx512F.UnpackHigh(r12, r13);
        var t14 = Avx512F.UnpackLow(r14, r15); var t15 = Avx512F.UnpackHigh(r14, r15);

        // Stage 2: u[4q+s], 128-bit lane L = rows 4q..4q+3 at column 4L+s.
        var u0 = Avx512F.Shuffle(t0, t2, 0x44); var u1 = Avx512F.Shuffle(t0, t2, 0xEE);
        var u2 = Avx512F.Shuffle(t1, t3, 0x44); var u3 = Avx512F.Shuffle(t1, t3, 0xEE);
        var u4 = Avx512F.Shuffle(t4, t6, 0x44); var u5 = Avx512F.Shuffle(t4, t6, 0xEE);
        var u6 = Avx512F.Shuffle(t5, t7, 0x44); var u7 = Avx512F.Shuffle(t5, t7, 0xEE);
        var u8 = Avx512F.Shuffle(t8, t10, 0x44); var u9 = Avx512F.Shuffle(t8, t10, 0xEE);
        var u10 = Avx512F.Shuffle(t9, t11, 0x44); var u11 = Avx512F.Shuffle(t9, t11, 0xEE);
        var u12 = Avx512F.Shuffle(t12, t14, 0x44); var u13 = Avx512F.Shuffle(t12, t14, 0xEE);
        var u14 = Avx512F.Shuffle(t13, t15, 0x44); var u15 = Avx512F.Shuffle(t13, t15, 0xEE);

        // Stages 3-4: 4x4 transpose of 128-bit blocks across u[s], u[4+s], u[8+s], u[12+s] gives columns s, 4+s, 8+s, 12+s.
        var w = stackalloc Vector512<float>[16];
        Blocks(u0, u4, u8, u12, out w[0], out w[4], out w[8], out w[12]);
        Blocks(u1, u5, u9, u13, out w[1], out w[5], out w[9], out w[13]);
        Blocks(u2, u6, u10, u14, out w[2], out w[6], out w[10], out w[14]);
        Blocks(u3, u7, u11, u15, out w[3], out w[7], out w[11], out w[15]);
        for (var j = 0; j < 16; j++)
        {
            Vector512.Store(w[j], dst + j * dstStride);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> Row(float* src, nint stride, int rows, int r) =>
        r < rows ? Vector512.Load(src + r * stride) : Vector512<float>.Zero;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Blocks(Vector512<float> a, Vector512<float> b, Vector512<float> c, Vector512<float> d,
        out Vector512<float> col0, out Vector512<float> col1, out Vector512<float> col2, out Vector512<float> col3)
    {
        var v0 = Avx512F.Shuffle4x128(a, b, 0x88);
        var v1 = Avx512F.Shuffle4x128(a, b, 0xDD);
        var v2 = Avx512F.Shuffle4x128(c, d, 0x88);
        var v3 = Avx512F.Shuffle4x128(c, d, 0xDD);
        col0 = Avx512F.Shuffle4x128(v0, v2, 0x88);
        col1 = Avx512F.Shuffle4x128(v1, v3, 0x88);
        col2 = Avx512F.Shuffle4x128(v0, v2, 0xDD);
        col3 = Avx512F.Shuffle4x128(v1, v3, 0xDD);
    }
}
