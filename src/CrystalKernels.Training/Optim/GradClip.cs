using System.Numerics;
using CrystalKernels.Tensors;
using CrystalKernels.Tensors.Backends.Cpu;

namespace CrystalKernels.Training.Optim;

/// <summary>
/// torch.nn.utils.clip_grad_norm_ with the L2 norm: total = sqrt(sum over parameters with a gradient of sum g^2);
/// clip_coef = max_norm / (total + 1e-6); when clip_coef &lt; 1 every gradient is multiplied by it (rounded to the
/// gradient's dtype). Returns the total norm before clipping. Parameters without a gradient are ignored.
/// Unlike PyTorch, which takes float32 norms per tensor, the squares are summed in double in fixed chunks combined in
/// a fixed order, so the norm is more accurate and identical for every thread count.
/// </summary>
public static class GradClip
{
    /// <summary>PyTorch's guard against division by a zero norm.</summary>
    public const double NormEps = 1e-6;

    private const long Grain = 1 << 15;

    public static double ClipGradNorm(IEnumerable<Tensor> parameters, double maxNorm, bool errorIfNonfinite = false)
    {
        if (!(maxNorm >= 0))
        {
            throw new ArgumentOutOfRangeException(nameof(maxNorm), $"clip_grad_norm: max_norm must be >= 0, got {maxNorm}");
        }

        var grads = parameters.Where(p => p.Grad is not null).Select(p => (Param: p, Grad: p.Grad!)).ToList();
        var sum = 0.0;
        foreach (var (p, g) in grads)
        {
            var sq = g.DType switch
            {
                DType.Float32 => SumOfSquares<float>(g),
                DType.Float64 => SumOfSquares<double>(g),
                _ => throw new InvalidOperationException($"clip_grad_norm: gradient of {p.Describe()} is {g.DType.Name()}"),
            };
            if (errorIfNonfinite && !double.IsFinite(sq))
            {
                throw new InvalidOperationException($"clip_grad_norm: the gradient of {p.Describe()} has a non-finite norm ({Math.Sqrt(sq)})");
            }

            sum += sq;
        }

        var total = Math.Sqrt(sum);
        if (errorIfNonfinite && !double.IsFinite(total))
        {
            throw new InvalidOperationException($"clip_grad_norm: the total norm of the gradients is non-finite ({total})");
        }

        var coef = maxNorm / (total + NormEps);

        // "not >= 1" rather than "< 1": a NaN norm gives a NaN coefficient that poisons the gradients, as
        // PyTorch's clamp(coef, max=1) does, instead of silently leaving them unclipped.
        if (!(coef >= 1.0))
        {
            foreach (var (_, g) in grads)
            {
                if (g.DType == DType.Float32)
                {
                    Scale(g, (float)coef);
                }
                else
                {
                    Scale(g, coef);
                }
            }
        }

        return total;
    }

    private static double SumOfSquares<T>(Tensor g)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var chunks = (g.Numel + Grain - 1) / Grain;
        var partial = new double[chunks];
        CpuParallel.For(g.Numel, Grain, (start, end) =>
        {
            // With one thread CpuParallel hands the whole range to one body: split it into the same Grain-sized chunks
            // so the partial sums, and their rounding, never depend on the thread count.
            var span = g.Span<T>();
            for (var c = start; c < end; c += Grain)
            {
                var acc = 0.0;
                foreach (var x in span.Slice((int)c, (int)(Math.Min(end, c + Grain) - c)))
                {
                    var d = double.CreateTruncating(x);
                    acc += d * d;
                }

                partial[c / Grain] = acc;
            }
        });

        var sum = 0.0;
        foreach (var x in partial)
        {
            sum += x;
        }

        return sum;
    }

    private static void Scale<T>(Tensor g, T coef)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        CpuParallel.For(g.Numel, Grain, (start, end) =>
        {
            var s = g.Span<T>().Slice((int)start, (int)(end - start));
            System.Numerics.Tensors.TensorPrimitives.Multiply<T>(s, coef, s);
        });
    }
}
