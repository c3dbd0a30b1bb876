using System.Numerics;
using CrystalKernels.Tensors;
using CrystalKernels.Tensors.Backends.Cpu;

namespace CrystalKernels.Training.Optim;

/// <summary>
/// Per-step scalars of one Adam update, already rounded to the parameter's dtype the way PyTorch rounds its Python
/// scalars when it applies them to a float32 tensor.
/// </summary>
internal readonly record struct AdamScalars<T>(
    T L2Decay,
    T DecoupledFactor,
    T LerpWeight,
    bool LerpWeightSmall,
    T Beta2,
    T OneMinusBeta2,
    T Bias2Sqrt,
    T Eps,
    T NegStepSize,
    bool UseL2,
    bool UseDecoupled)
    where T : unmanaged, IFloatingPointIeee754<T>;

/// <summary>
/// The fused Adam/AdamW update on CPU spans, in the op order of torch.optim.Adam's single-tensor path:
/// <code>
///   g  = g + wd*p                          (Adam: L2 decay, grad.add(param, alpha=wd))
///   p  = p * (1 - lr*wd)                   (AdamW: decoupled decay, param.mul_)
///   m  = lerp(m, g, 1-beta1)               (exp_avg.lerp_: m + w*(g-m) for w &lt; 0.5, else g - (g-m)*(1-w))
///   v  = v*beta2 + ((1-beta2)*g)*g         (exp_avg_sq.mul_(beta2).addcmul_(g, g, value=1-beta2))
///   d  = sqrt(v) / sqrt(1-beta2^t) + eps   (denom)
///   p  = p + ((-lr/(1-beta1^t)) * m) / d   (param.addcdiv_(m, d, value=-step_size))
/// </code>
/// No fused multiply-add anywhere, and the SIMD body and the scalar tail evaluate the same expressions, so every
/// element is rounded identically whatever the vector width, chunking or thread count.
/// </summary>
internal static class AdamKernel
{
    // Elements per parallel chunk: large enough to amortise scheduling, small enough to split a big tensor.
    private const long Grain = 1 << 15;

    public static void Update<T>(Tensor param, Tensor grad, Tensor expAvg, Tensor expAvgSq, AdamScalars<T> s)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        CpuParallel.For(param.Numel, Grain, (start, end) =>
        {
            var o = (int)start;
            var n = (int)(end - start);
            Chunk(param.Span<T>().Slice(o, n), grad.Span<T>().Slice(o, n), expAvg.Span<T>().Slice(o, n), expAvgSq.Span<T>().Slice(o, n), s);
        });
    }

    private static void Chunk<T>(Span<T> p, ReadOnlySpan<T> g, Span<T> m, Span<T> v, AdamScalars<T> s)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var i = 0;
        if (Vector.IsHardwareAccelerated && Vector<T>.IsSupported)
        {
            var wd = new Vector<T>(s.L2Decay);
            var decay = new Vector<T>(s.DecoupledFactor);
            var w = new Vector<T>(s.LerpWeight);
            var oneMinusW = new Vector<T>(T.One - s.LerpWeight);
            var b2 = new Vector<T>(s.Beta2);
            var oneMinusB2 = new Vector<T>(s.OneMinusBeta2);
            var bias2Sqrt = new Vector<T>(s.Bias2Sqrt);
            var eps = new Vector<T>(s.Eps);
            var negStep = new Vector<T>(s.NegStepSize);
            for (; i <= p.Length - Vector<T>.Count; i += Vector<T>.Count)
            {
                var pv = new Vector<T>(p[i..]);
                var gv = new Vector<T>(g[i..]);
                var mv = new Vector<T>(m[i..]);
                var vv = new Vector<T>(v[i..]);
                if (s.UseL2)
                {
                    gv += wd * pv;
                }

                if (s.UseDecoupled)
                {
                    pv *= decay;
                }

                mv = s.LerpWeightSmall ? mv + w * (gv - mv) : gv - (gv - mv) * oneMinusW;
                vv = vv * b2 + oneMinusB2 * gv * gv;
                var denom = Vector.SquareRoot(vv) / bias2Sqrt + eps;
                pv += negStep * mv / denom;
                pv.CopyTo(p[i..]);
                mv.CopyTo(m[i..]);
                vv.CopyTo(v[i..]);
            }
        }

        var oneMinusWs = T.One - s.LerpWeight;
        for (; i < p.Length; i++)
        {
            var pi = p[i];
            var gi = g[i];
            var mi = m[i];
            var vi = v[i];
            if (s.UseL2)
            {
                gi += s.L2Decay * pi;
            }

            if (s.UseDecoupled)
            {
                pi *= s.DecoupledFactor;
            }

            mi = s.LerpWeightSmall ? mi + s.LerpWeight * (gi - mi) : gi - (gi - mi) * oneMinusWs;
            vi = vi * s.Beta2 + s.OneMinusBeta2 * gi * gi;
            var denom = T.Sqrt(vi) / s.Bias2Sqrt + s.Eps;
            pi += s.NegStepSize * mi / denom;
            p[i] = pi;
            m[i] = mi;
            v[i] = vi;
        }
    }
}
