using System.Numerics;
using CrystalKernels.Tensors;
using CrystalKernels.Tensors.Autograd;
using CrystalKernels.Tensors.Backends.Cpu;

namespace CrystalKernels.Equivariant.Ops;

/// <summary>
/// Equivariant RMS norm 'rms_norm_sh' (paper-spec §3.14, FORK EquivariantRMSNormArraySphericalHarmonicsV2) on
/// x [N, K = (L+1)², C] in the full l-major layout, with γ = weight [L+1, C] and β = bias [C]:
/// x' = x with coefficient 0 centred over channels; ms[n] = (1/C) Σ_c Σ_k w_k x'[n,k,c]², w_k = 1/((L+1)(2l+1))
/// (each degree weighted equally); s[n] = (ms + eps)^(−1/2); y = x' s γ[l]; y[:, 0] += β.
/// Backward (per node, S = Σ_{k,c} dy γ x'): dx' = dy γ s − S s³ w_k x' / C; dx = dx' with coefficient 0's channel
/// mean removed (the centring's Jacobian); dγ[l] += Σ dy x' s; dβ += Σ dy[:, 0]. Parameter gradients are summed per
/// fixed node chunk, then over chunks in order: deterministic for any thread count.
/// </summary>
public static partial class EqOp
{
    public static Tensor EquivariantRmsNorm(Tape? tape, Tensor x, Tensor weight, Tensor bias, double eps = 1e-5)
    {
        const string name = nameof(EquivariantRmsNorm);
        ShapeMismatchException.SameKind(name, x, weight, bias);
        ShapeMismatchException.Require(x.DType != DType.Int32, name, $"needs float32 or float64, got {x.Describe()}");
        ShapeMismatchException.Require(weight.Rank == 2 && bias.Rank == 1 && bias.Shape[0] == weight.Shape[1], name,
            $"needs weight [L+1, C] and bias [C], got {weight.Shape} and {bias.Shape}");
        var (degrees, channels) = (weight.Shape[0], weight.Shape[1]);
        ShapeMismatchException.Require(x.Rank == 3 && x.Shape[1] == degrees * degrees && x.Shape[2] == channels, name,
            $"x must be [N, {degrees * degrees}, {channels}] for weight {weight.Shape}, got {x.Shape}");
        ShapeMismatchException.Require(eps >= 0 && double.IsFinite(eps), name, $"eps must be finite and >= 0, got {eps}");
        var y = x.EmptyLike(tape);
        return x.DType == DType.Float32
            ? EquivariantRmsNormKernel<float>.Run(tape, name, x, weight, bias, float.CreateChecked(eps), y)
            : EquivariantRmsNormKernel<double>.Run(tape, name, x, weight, bias, eps, y);
    }
}

/// <summary>CPU forward and backward of <see cref="EqOp.EquivariantRmsNorm"/>; nodes in fixed parallel chunks.</summary>
internal static class EquivariantRmsNormKernel<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    public static Tensor Run(Tape? tape, string name, Tensor x, Tensor weight, Tensor bias, T eps, Tensor y)
    {
        var n = x.Shape[0];
        var mean = new T[n];
        var scale = new T[n];
        Forward(x, weight, bias, eps, y, mean, scale);
        if (tape is not null && tape.ShouldRecord(x, weight, bias))
        {
            tape.Record(name, y, [x, weight, bias], () => Backward(x, weight, y.Grad!, mean, scale,
                x.RequiresGrad ? tape.GradOf(x) : null,
                weight.RequiresGrad ? tape.GradOf(weight) : null,
                bias.RequiresGrad ? tape.GradOf(bias) : null));
        }

        return y;
    }

    private static long Grain(int k, int c) => Math.Max(1, (1L << 15) / ((long)k * c));

    /// <summary>Degree l of each full coefficient and its balance weight 1/((L+1)(2l+1)).</summary>
    private static (int[] Degree, T[] Balance) Degrees(int degrees)
    {
        var k = degrees * degrees;
        var deg = new int[k];
        var bal = new T[k];
        for (var i = 0; i < k; i++)
        {
            deg[i] = (int)Math.Sqrt(i);
            bal[i] = T.One / T.CreateChecked(degrees * ((2 * deg[i]) + 1));
        }

        return (deg, bal);
    }

    private static void Forward(Tensor x, Tensor weight, Tensor bias, T eps, Tensor y, T[] mean, T[] scale)
    {
        var (n, k, c) = (x.Shape[0], x.Shape[1], x.Shape[2]);
        var (deg, bal) = Degrees(weight.Shape[0]);
        var cT = T.CreateChecked(c);
        CpuParallel.For(n, Grain(k, c), (n0, n1) =>
        {
            var xs = x.Span<T>();
            var ys = y.Span<T>();
            var w = weight.Span<T>();
            var b = bias.Span<T>();
            for (var node = (int)n0; node < (int)n1; node++)
            {
                var xr = xs.Slice(node * k * c, k * c);
                var yr = ys.Slice(node * k * c, k * c);
                var m0 = T.Zero;
                for (var j = 0; j < c; j++)
                {
                    m0 += xr[j];
                }

                m0 /= cT;
                var ms = T.Zero;
                for (var i = 0; i < k; i++)
                {
                    var sq = T.Zero;
                    var shift = i == 0 ? m0 : T.Zero;
                    for (var j = 0; j < c; j++)
                    {
                        var v = xr[(i * c) + j] - shift;
                        sq += v * v;
                    }

                    ms += bal[i] * sq;
                }

                var s = T.One / T.Sqrt((ms / cT) + eps);
                (mean[node], scale[node]) = (m0, s);
                for (var i = 0; i < k; i++)
                {
                    var shift = i == 0 ? m0 : T.Zero;
                    var wl = w.Slice(deg[i] * c, c);
                    for (var j = 0; j < c; j++)
                    {
                        yr[(i * c) + j] = (xr[(i * c) + j] - shift) * s * wl[j];
                    }
                }

                for (var j = 0; j < c; j++)
                {
                    yr[j] += b[j];
                }
            }
        });
    }

    private static void Backward(Tensor x, Tensor weight, Tensor dy, T[] mean, T[] scale, Tensor? dx, Tensor? dWeight, Tensor? dBias)
    {
        var (n, k, c) = (x.Shape[0], x.Shape[1], x.Shape[2]);
        var degrees = weight.Shape[0];
        var (deg, bal) = Degrees(degrees);
        var cT = T.CreateChecked(c);
        var grain = Grain(k, c);
        var chunks = (int)((n + grain - 1) / grain);
        var stride = (degrees + 1) * c;
        var wantParams = dWeight is not null || dBias is not null;

        // Per-chunk partial sums of dγ [L+1, C] followed by dβ [C].
        var partial = wantParams ? new T[chunks * stride] : [];
        CpuParallel.For(n, grain, (n0, n1) =>
        {
            var xs = x.Span<T>();
            var dys = dy.Span<T>();
            var w = weight.Span<T>();
            var dxs = dx is null ? default : dx.Span<T>();
            var dx0 = new T[c];
            for (var node = (int)n0; node < (int)n1; node++)
            {
                var xr = xs.Slice(node * k * c, k * c);
                var dyr = dys.Slice(node * k * c, k * c);
                var (m0, s) = (mean[node], scale[node]);
                if (wantParams)
                {
                    // The slot is fixed by the node (not by the chunk CpuParallel happened to run), so the sums do
                    // not depend on the thread count even when one body call covers every node.
                    var part = partial.AsSpan((int)(node / grain) * stride, stride);
                    for (var i = 0; i < k; i++)
                    {
                        var shift = i == 0 ? m0 : T.Zero;
                        var pw = part.Slice(deg[i] * c, c);
                        for (var j = 0; j < c; j++)
                        {
                            pw[j] += dyr[(i * c) + j] * (xr[(i * c) + j] - shift) * s;
                        }
                    }

                    var pb = part.Slice(degrees * c, c);
                    for (var j = 0; j < c; j++)
                    {
                        pb[j] += dyr[j];
                    }
                }

                if (dx is null)
                {
                    continue;
                }

                var dot = T.Zero;
                for (var i = 0; i < k; i++)
                {
                    var shift = i == 0 ? m0 : T.Zero;
                    var wl = w.Slice(deg[i] * c, c);
                    for (var j = 0; j < c; j++)
                    {
                        dot += dyr[(i * c) + j] * wl[j] * (xr[(i * c) + j] - shift);
                    }
                }

                var dxr = dxs.Slice(node * k * c, k * c);
                var coef = dot * s * s * s / cT;
                for (var i = 0; i < k; i++)
                {
                    var shift = i == 0 ? m0 : T.Zero;
                    var wl = w.Slice(deg[i] * c, c);
                    var cb = coef * bal[i];
                    for (var j = 0; j < c; j++)
                    {
                        var g = (dyr[(i * c) + j] * wl[j] * s) - (cb * (xr[(i * c) + j] - shift));
                        if (i == 0)
                        {
                            dx0[j] = g;
                        }
                        else
                        {
                            dxr[(i * c) + j] += g;
                        }
                    }
                }

                var gm = T.Zero;
                for (var j = 0; j < c; j++)
                {
                    gm += dx0[j];
                }

                gm /= cT;
                for (var j = 0; j < c; j++)
                {
                    dxr[j] += dx0[j] - gm;
                }
            }
        });

        if (!wantParams)
        {
            return;
        }

        var total = new T[stride];
        for (var ch = 0; ch < chunks; ch++)
        {
            var p = partial.AsSpan(ch * stride, stride);
            for (var i = 0; i < stride; i++)
            {
                total[i] += p[i];
            }
        }

        if (dWeight is not null)
        {
            var dw = dWeight.Span<T>();
            for (var i = 0; i < degrees * c; i++)
            {
                dw[i] += total[i];
            }
        }

        if (dBias is not null)
        {
            var db = dBias.Span<T>();
            for (var j = 0; j < c; j++)
            {
                db[j] += total[(degrees * c) + j];
            }
        }
    }
}
