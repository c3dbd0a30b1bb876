using ILGPU;
using ILGPU.Algorithms;

namespace CrystalKernels.Gpu.Kernels;

/// <summary>
/// Device code of the losses. Per-row work is one thread per row; the scalar mean is one thread adding the rows in
/// ascending order in double. dLoss is read on the device, so a backward never waits for the host.
/// </summary>
internal static class LossKernels
{
    /// <summary>loss = -Σ_valid lp[r, t_r] / count, one thread.</summary>
    public static void Nll<T, TE>(Index1D q, ArrayView<T> lp, ArrayView<int> t, ArrayView<T> loss, int rows, int cols, int hasIgnore, int ignore, double count)
        where T : unmanaged
        where TE : struct, IElem<T>
    {
        var e = default(TE);
        var acc = 0.0;
        for (var r = 0; r < rows; r++)
        {
            if (hasIgnore == 0 || t[r] != ignore)
            {
                acc -= e.Load(lp[(long)r * cols + t[r]]);
            }
        }

        loss[0] = e.Store(acc / count);
    }

    public static void NllGrad<T, TE>(Index1D r, ArrayView<int> t, ArrayView<T> dLoss, ArrayView<T> dlp, int cols, int hasIgnore, int ignore, double count)
        where T : unmanaged
        where TE : struct, IElem<T>
    {
        var e = default(TE);
        if (hasIgnore != 0 && t[r] == ignore)
        {
            return;
        }

        var g = e.Load(e.Store(e.Load(dLoss[0]) / count));
        var p = (long)r.X * cols + t[r];
        dlp[p] = e.Store(e.Load(dlp[p]) - g);
    }

    /// <summary>lse[r] = log Σ_c exp(x[r, c]) (max-shifted, double); term[r] = lse - x[r, t_r], or 0 when ignored.</summary>
    public static void LogSumExp<T, TE>(Index1D r, ArrayView<T> x, ArrayView<int> t, ArrayView<T> lse, ArrayView<double> term, int cols, int hasIgnore, int ignore)
        where T : unmanaged
        where TE : struct, IElem<T>
    {
        var e = default(TE);
        var o = (long)r.X * cols;
        var max = e.Load(x[o]);
        for (var c = 1; c < cols; c++)
        {
            max = XMath.Max(max, e.Load(x[o + c]));
        }

        var sum = 0.0;
        for (var c = 0; c < cols; c++)
        {
            sum += XMath.Exp(e.Load(x[o + c]) - max);
        }

        var l = max + XMath.Log(sum);
        lse[r] = e.Store(l);
        term[r] = hasIgnore != 0 && t[r] == ignore ? 0.0 : l - e.Load(x[o + t[r]]);
    }

    /// <summary>dx[r, c] += g softmax[r, c] - g [c == t_r] with g = dLoss / count, rows not ignored.</summary>
    public static void CrossEntropyGrad<T, TE>(Index1D q, ArrayView<T> x, ArrayView<int> t, ArrayView<T> lse, ArrayView<T> dLoss, ArrayView<T> dx, int cols, int hasIgnore, int ignore, double count)
        where T : unmanaged
        where TE : struct, IElem<T>
    {
        var e = default(TE);
        var r = q / cols;
        var c = q - r * cols;
        if (hasIgnore != 0 && t[r] == ignore)
        {
            return;
        }

        var g = e.Load(e.Store(e.Load(dLoss[0]) / count));
        var d = g * XMath.Exp(e.Load(x[q]) - e.Load(lse[r])) - (c == t[r] ? g : 0.0);
        dx[q] = e.Store(e.Load(dx[q]) + d);
    }

    /// <summary>d (+=) sign * v with v = g 2 (p - t) (Mse) or g sign(p - t) (L1, sign(0) = 0), g = dLoss / numel.</summary>
    public static void RegressionGrad<T, TE>(Index1D i, ArrayView<T> pred, ArrayView<T> target, ArrayView<T> dLoss, ArrayView<T> d, double numel, int squared, double sign)
        where T : unmanaged
        where TE : struct, IElem<T>
    {
        var e = default(TE);
        var g = e.Load(e.Store(e.Load(dLoss[0]) / numel));
        var diff = e.Load(pred[i]) - e.Load(target[i]);
        var v = squared != 0 ? g * 2.0 * diff : diff > 0 ? g : diff < 0 ? -g : double.IsNaN(diff) ? diff : 0.0;
        d[i] = e.Store(e.Load(d[i]) + sign * v);
    }
}
