namespace CrystalKernels.Tensors.Kernels;

/// <summary>
/// Reduce kernels of one backend. An axis reduction views x as [outer, n, inner] around the axis (Shape.Split);
/// the output holds outer * inner elements whatever its shape (keepDim or not). Every reduction runs in a fixed order
/// that does not depend on the thread count. Backward kernels accumulate (+=) into gradient tensors.
/// </summary>
public interface IReduceKernels
{
    /// <summary>y[o, i] = scale * Σ_a x[o, a, i] (scale 1 for Sum, 1/n for Mean).</summary>
    void Sum(Tensor x, int axis, Tensor y, double scale);

    /// <summary>dx[o, a, i] += scale * dy[o, i]; dx has x's shape, so it names the axis split.</summary>
    void SumBackward(Tensor dy, int axis, Tensor dx, double scale);

    /// <summary>y[o, i] = max_a x[o, a, i]; argMax (Int32, y's numel) is the first a that attains it (NaN wins).</summary>
    void Max(Tensor x, int axis, Tensor y, Tensor argMax);

    /// <summary>dx[o, argMax[o, i], i] += dy[o, i].</summary>
    void MaxBackward(Tensor dy, Tensor argMax, int axis, Tensor dx);

    /// <summary>Row-wise over the last axis: y = exp(x - max) / Σ exp(x - max), or its log when <paramref name="log"/>.</summary>
    void Softmax(Tensor x, Tensor y, bool log);

    /// <summary>
    /// From the saved output y: softmax dx += y * (dy - Σ dy * y); log-softmax dx += dy - exp(y) * Σ dy (per row).
    /// </summary>
    void SoftmaxBackward(Tensor y, Tensor dy, Tensor dx, bool log);
}
