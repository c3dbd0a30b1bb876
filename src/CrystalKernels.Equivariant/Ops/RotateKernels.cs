using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using CrystalKernels.Tensors;
using CrystalKernels.Tensors.Backends.Cpu;
using Tensor = CrystalKernels.Tensors.Tensor;

namespace CrystalKernels.Equivariant.Ops;

/// <summary>
/// CPU kernels of the block-diagonal truncated rotation (paper-spec §3.6), shared by <see cref="EqOp.Rotate"/> and
/// <see cref="EqOp.RotateInv"/> and their backwards. Per edge and degree l only the Rows_l × N_l block B_l mixes
/// coefficients (235 multiply-adds per channel for L6M2, not 29·49). Every inner loop runs over the contiguous channel
/// axis with Vector&lt;T&gt;; edges run in fixed chunks, each output element is written by one chunk and summed in a
/// fixed order, so results do not depend on the thread count or on SIMD width.
/// </summary>
internal static class RotateKernels
{
    /// <summary>
    /// toReduced: dst[e, red_l + i, :] (+)= s_l Σ_j B_l[i, j] src[e, l² + j, :] (rotate; the rotate-inverse backward).
    /// otherwise: dst[e, l² + j, :] (+)= s_l Σ_i B_l[i, j] src[e, red_l + i, :] (rotate-inverse; the rotate backward).
    /// s_l = the rotate-inverse rescale when <paramref name="rescale"/>, else 1.
    /// </summary>
    public static void Apply(RotatePlan p, bool toReduced, bool rescale, Tensor src, Tensor blocks, Tensor dst, bool accumulate)
    {
        if (src.DType == DType.Float32)
        {
            Apply<float>(p, toReduced, rescale, src, blocks, dst, accumulate);
        }
        else
        {
            Apply<double>(p, toReduced, rescale, src, blocks, dst, accumulate);
        }
    }

    /// <summary>dBlocks[e, off_l + i·N_l + j] += s_l Σ_c reduced[e, red_l + i, c] · full[e, l² + j, c].</summary>
    public static void BlockGrad(RotatePlan p, bool rescale, Tensor reduced, Tensor full, Tensor dBlocks)
    {
        if (full.DType == DType.Float32)
        {
            BlockGrad<float>(p, rescale, reduced, full, dBlocks);
        }
        else
        {
            BlockGrad<double>(p, rescale, reduced, full, dBlocks);
        }
    }

    private static void Apply<T>(RotatePlan p, bool toReduced, bool rescale, Tensor tSrc, Tensor tBlocks, Tensor tDst, bool accumulate)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var (edges, c) = (tSrc.Shape.Dims[0], tSrc.Shape.Dims[2]);
        var (srcK, dstK) = toReduced ? (p.K, p.KReduced) : (p.KReduced, p.K);
        var maxN = p.N[^1];
        CpuParallel.For(edges, p.Grain(c), (e0, e1) =>
        {
            ReadOnlySpan<T> src = tSrc.Span<T>();
            ReadOnlySpan<T> blocks = tBlocks.Span<T>();
            var dst = tDst.Span<T>();
            Span<T> w = stackalloc T[maxN];
            for (var e = (int)e0; e < e1; e++)
            {
                var x = src.Slice(e * srcK * c, srcK * c);
                var y = dst.Slice(e * dstK * c, dstK * c);
                var b = blocks.Slice(e * p.BlockSize, p.BlockSize);
                for (var l = 0; l < p.Degrees; l++)
                {
                    var (n, rows, s) = (p.N[l], p.Rows[l], rescale ? T.CreateChecked(p.Rescale[l]) : T.One);
                    var bl = b.Slice(p.BlockOffset[l], rows * n);
                    if (toReduced)
                    {
                        var xl = x.Slice(p.FullOffset[l] * c, n * c);
                        for (var i = 0; i < rows; i++)
                        {
                            Combine(bl[(i * n)..], 1, n, xl, c, y.Slice((p.ReducedOffset[l] + i) * c, c), s, accumulate, w);
                        }
                    }
                    else
                    {
                        var xl = x.Slice(p.ReducedOffset[l] * c, rows * c);
                        for (var j = 0; j < n; j++)
                        {
                            Combine(bl[j..], n, rows, xl, c, y.Slice((p.FullOffset[l] + j) * c, c), s, accumulate, w);
                        }
                    }
                }
            }
        });
    }

    /// <summary>
    /// dst[:] (+)= Σ_k (s·coef[k·stride]) src[k, :] over <paramref name="count"/> source rows of length c. Fused
    /// multiply-adds in k order per channel, identically in the vector body and the scalar tail.
    /// </summary>
    private static void Combine<T>(ReadOnlySpan<T> coef, int stride, int count, ReadOnlySpan<T> src, int c, Span<T> dst, T s, bool accumulate, Span<T> w)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (var k = 0; k < count; k++)
        {
            w[k] = s * coef[k * stride];
        }

        var i = 0;
        var width = Vector<T>.Count;
        if (Vector.IsHardwareAccelerated && c >= width)
        {
            ref var s0 = ref MemoryMarshal.GetReference(src);
            ref var d0 = ref MemoryMarshal.GetReference(dst);
            for (; i <= c - width; i += width)
            {
                var acc = accumulate ? Vector.LoadUnsafe(ref d0, (nuint)i) : Vector<T>.Zero;
                for (var k = 0; k < count; k++)
                {
                    acc = Fma(new Vector<T>(w[k]), Vector.LoadUnsafe(ref s0, (nuint)((k * c) + i)), acc);
                }

                acc.StoreUnsafe(ref d0, (nuint)i);
            }
        }

        for (; i < c; i++)
        {
            var acc = accumulate ? dst[i] : T.Zero;
            for (var k = 0; k < count; k++)
            {
                acc = T.FusedMultiplyAdd(w[k], src[(k * c) + i], acc);
            }

            dst[i] = acc;
        }
    }

    /// <summary>a·b + c with one rounding (hardware FMA), so the vector body rounds like T.FusedMultiplyAdd in the tail.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector<T> Fma<T>(Vector<T> a, Vector<T> b, Vector<T> c)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (typeof(T) == typeof(float))
        {
            var r = Vector.FusedMultiplyAdd(Unsafe.As<Vector<T>, Vector<float>>(ref a), Unsafe.As<Vector<T>, Vector<float>>(ref b), Unsafe.As<Vector<T>, Vector<float>>(ref c));
            return Unsafe.As<Vector<float>, Vector<T>>(ref r);
        }

        if (typeof(T) == typeof(double))
        {
            var r = Vector.FusedMultiplyAdd(Unsafe.As<Vector<T>, Vector<double>>(ref a), Unsafe.As<Vector<T>, Vector<double>>(ref b), Unsafe.As<Vector<T>, Vector<double>>(ref c));
            return Unsafe.As<Vector<double>, Vector<T>>(ref r);
        }

        throw new NotSupportedException($"RotateKernels: {typeof(T).Name} is not float or double");
    }

    private static void BlockGrad<T>(RotatePlan p, bool rescale, Tensor tReduced, Tensor tFull, Tensor tGrad)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var (edges, c) = (tFull.Shape.Dims[0], tFull.Shape.Dims[2]);
        CpuParallel.For(edges, p.Grain(c), (e0, e1) =>
        {
            ReadOnlySpan<T> reduced = tReduced.Span<T>();
            ReadOnlySpan<T> full = tFull.Span<T>();
            var grad = tGrad.Span<T>();
            for (var e = (int)e0; e < e1; e++)
            {
                var r = reduced.Slice(e * p.KReduced * c, p.KReduced * c);
                var f = full.Slice(e * p.K * c, p.K * c);
                var g = grad.Slice(e * p.BlockSize, p.BlockSize);
                for (var l = 0; l < p.Degrees; l++)
                {
                    var (n, s) = (p.N[l], rescale ? T.CreateChecked(p.Rescale[l]) : T.One);
                    for (var i = 0; i < p.Rows[l]; i++)
                    {
                        var ri = r.Slice((p.ReducedOffset[l] + i) * c, c);
                        for (var j = 0; j < n; j++)
                        {
                            g[p.BlockOffset[l] + (i * n) + j] += s * TensorPrimitives.Dot(ri, f.Slice((p.FullOffset[l] + j) * c, c));
                        }
                    }
                }
            }
        });
    }
}
