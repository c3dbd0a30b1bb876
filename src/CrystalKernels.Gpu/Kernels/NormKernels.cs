using CrystalKernels.Tensors.Random;
using ILGPU;
using ILGPU.Algorithms;

namespace CrystalKernels.Gpu.Kernels;

/// <summary>
/// Device code of LayerNorm / RmsNorm (one thread per row for the row statistics and dx; one thread per column for
/// the weight and bias gradients, rows ascending, in double) and of dropout (one thread per element).
/// </summary>
internal static class NormKernels
{
    /// <summary>LayerNorm (center = 1) or RmsNorm (center = 0, b unused) of row r; two passes, no cancellation.</summary>
    public static void Norm<T, TE>(Index1D r, ArrayView<T> x, ArrayView<T> w, ArrayView<T> b, ArrayView<T> y, ArrayView<T> mean, ArrayView<T> rstd, int c, double eps, int center)
        where T : unmanaged
        where TE : struct, IElem<T>
    {
        var e = default(TE);
        var o = r * c;
        var m = 0.0;
        if (center != 0)
        {
            for (var j = 0; j < c; j++)
            {
                m += e.Load(x[o + j]);
            }

            m /= c;
        }

        var v = 0.0;
        for (var j = 0; j < c; j++)
        {
            var d = e.Load(x[o + j]) - m;
            v += d * d;
        }

        var s = 1.0 / XMath.Sqrt(v / c + eps);
        rstd[r] = e.Store(s);
        if (center != 0)
        {
            mean[r] = e.Store(m);
        }

        for (var j = 0; j < c; j++)
        {
            var n = (e.Load(x[o + j]) - m) * s * e.Load(w[j]);
            y[o + j] = e.Store(center != 0 ? n + e.Load(b[j]) : n);
        }
    }

    /// <summary>dx += rstd (g - mean(g) - norm mean(g norm)) with g = dy w (RmsNorm: no mean(g) term, no centring).</summary>
    public static void NormGradX<T, TE>(Index1D r, ArrayView<T> dy, ArrayView<T> x, ArrayView<T> w, ArrayView<T> mean, ArrayView<T> rstd, ArrayView<T> dx, int c, int center)
        where T : unmanaged
        where TE : struct, IElem<T>
    {
        var e = default(TE);
        var o = r * c;
        var m = center != 0 ? e.Load(mean[r]) : 0.0;
        var s = e.Load(rstd[r]);
        var gMean = 0.0;
        var gNormMean = 0.0;
        for (var j = 0; j < c; j++)
        {
            var g = e.Load(dy[o + j]) * e.Load(w[j]);
            gMean += g;
            gNormMean += g * (e.Load(x[o + j]) - m) * s;
        }

        gMean = center != 0 ? gMean / c : 0.0;
        gNormMean /= c;
        for (var j = 0; j < c; j++)
        {
            var g = e.Load(dy[o + j]) * e.Load(w[j]);
            var n = (e.Load(x[o + j]) - m) * s;
            dx[o + j] = e.Store(e.Load(dx[o + j]) + s * (g - gMean - n * gNormMean));
        }
    }

    /// <summary>dw[j] += Σ_r dy[r, j] norm[r, j] (rows ascending, double).</summary>
    public static void NormGradW<T, TE>(Index1D j, ArrayView<T> dy, ArrayView<T> x, ArrayView<T> mean, ArrayView<T> rstd, ArrayView<T> dw, int rows, int c, int center)
        where T : unmanaged
        where TE : struct, IElem<T>
    {
        var e = default(TE);
        var acc = 0.0;
        for (var r = 0; r < rows; r++)
        {
            var m = center != 0 ? e.Load(mean[r]) : 0.0;
            acc += e.Load(dy[r * c + j]) * (e.Load(x[r * c + j]) - m) * e.Load(rstd[r]);
        }

        dw[j] = e.Store(e.Load(dw[j]) + acc);
    }

    /// <summary>
    /// y (= or +=) keep ? x * scale : 0 with keep = rng.Uniform(offset + i) &gt;= p: the very RngStream code the CPU runs,
    /// so the mask is bitwise the CPU's. scale is the T-rounded 1/(1-p), so the float product rounds as on the CPU.
    /// </summary>
    public static void Dropout<T, TE>(Index1D i, ArrayView<T> x, ArrayView<T> y, RngStream rng, ulong offset, float p, double scale, int accumulate)
        where T : unmanaged
        where TE : struct, IElem<T>
    {
        var e = default(TE);
        var keep = rng.Uniform(offset + (ulong)i.X) >= p;
        var v = keep ? e.Load(x[i]) * scale : 0.0;
        y[i] = e.Store(accumulate != 0 ? e.Load(y[i]) + e.Load(e.Store(v)) : v);
    }
}
