using CrystalKernels.Tensors.Random;

namespace CrystalKernels.Tensors.Kernels;

/// <summary>
/// Normalisation and regularisation kernels of one backend, over the last axis (rows = numel / C, cols = C).
/// Forward kernels save per-row statistics (mean, rstd) for backward, as llm.c does. Backward kernels accumulate (+=);
/// any gradient may be null (not needed).
/// </summary>
public interface INormKernels
{
    /// <summary>y = (x - mean) * rstd * w + b with rstd = 1 / sqrt(var + eps) (biased variance); writes mean[rows], rstd[rows].</summary>
    void LayerNorm(Tensor x, Tensor w, Tensor b, double eps, Tensor y, Tensor mean, Tensor rstd);

    void LayerNormBackward(Tensor dy, Tensor x, Tensor w, Tensor mean, Tensor rstd, Tensor? dx, Tensor? dw, Tensor? db);

    /// <summary>y = x * rstd * w with rstd = 1 / sqrt(mean(x²) + eps); writes rstd[rows].</summary>
    void RmsNorm(Tensor x, Tensor w, double eps, Tensor y, Tensor rstd);

    void RmsNormBackward(Tensor dy, Tensor x, Tensor w, Tensor rstd, Tensor? dx, Tensor? dw);

    /// <summary>
    /// Inverted dropout: element i is kept when rng.Uniform(offset + i) &gt;= p, then y = x / (1 - p), else y = 0.
    /// The mask depends only on (rng, offset, i), never on the thread count or the device.
    /// </summary>
    void Dropout(Tensor x, double p, RngStream rng, ulong offset, Tensor y);

    /// <summary>dx += dy * mask / (1 - p), with the mask drawn again from the same stream (nothing is stored).</summary>
    void DropoutBackward(Tensor dy, double p, RngStream rng, ulong offset, Tensor dx);
}
