using System.Numerics;
using CrystalKernels.Tensors.Random;

namespace CrystalKernels.Tensors.Backends.Cpu;

/// <summary>Inverted dropout whose mask is a pure function of (stream, offset + element index).</summary>
public sealed partial class CpuNormKernels
{
    public void Dropout(Tensor x, double p, RngStream rng, ulong offset, Tensor y)
    {
        if (x.DType == DType.Float32)
        {
            Dropout<float>(x, p, rng, offset, y, accumulate: false);
        }
        else
        {
            Dropout<double>(x, p, rng, offset, y, accumulate: false);
        }
    }

    public void DropoutBackward(Tensor dy, double p, RngStream rng, ulong offset, Tensor dx)
    {
        // The backward is the same masked scaling of dy, accumulated: the mask is drawn again, not stored.
        if (dy.DType == DType.Float32)
        {
            Dropout<float>(dy, p, rng, offset, dx, accumulate: true);
        }
        else
        {
            Dropout<double>(dy, p, rng, offset, dx, accumulate: true);
        }
    }

    /// <summary>Element i survives when its 24-bit uniform draw is at least p, so P(keep) = 1 - p (to 2^-24).</summary>
    internal static bool Keep(RngStream rng, ulong offset, long i, float p) => rng.Uniform(offset + (ulong)i) >= p;

    private static void Dropout<T>(Tensor tx, double p, RngStream rng, ulong offset, Tensor ty, bool accumulate)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var pf = (float)p;
        var scale = T.CreateTruncating(1.0 / (1.0 - p));
        CpuParallel.For(tx.Numel, Grain, (i0, i1) =>
        {
            var x = tx.Span<T>();
            var y = ty.Span<T>();
            for (var i = (int)i0; i < (int)i1; i++)
            {
                var v = Keep(rng, offset, i, pf) ? x[i] * scale : T.Zero;
                y[i] = accumulate ? y[i] + v : v;
            }
        });
    }
}
