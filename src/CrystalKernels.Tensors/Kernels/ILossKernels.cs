namespace CrystalKernels.Tensors.Kernels;

/// <summary>
/// Loss kernels of one backend, all with mean reduction to a scalar (shape []). Targets of the classification losses
/// are Int32 [N]; a row whose target equals ignoreIndex counts neither in the sum nor in the mean's denominator.
/// dLoss is the scalar upstream gradient. Backward kernels accumulate (+=) into gradient tensors.
/// </summary>
public interface ILossKernels
{
    /// <summary>loss = -Σ_valid logProbs[n, t_n] / count; returns count, the rows not ignored. Bad targets throw naming the row.</summary>
    long Nll(Tensor logProbs, Tensor targets, int? ignoreIndex, Tensor loss);

    /// <summary>dLogProbs[n, t_n] -= dLoss / count for every row not ignored.</summary>
    void NllBackward(Tensor targets, int? ignoreIndex, long count, Tensor dLoss, Tensor dLogProbs);

    /// <summary>
    /// Fused log-softmax + NLL: logSumExp[n] = log Σ_c exp(logits[n, c]) (saved for backward) and
    /// loss = Σ_valid (logSumExp[n] - logits[n, t_n]) / count; returns count.
    /// </summary>
    long CrossEntropy(Tensor logits, Tensor targets, int? ignoreIndex, Tensor logSumExp, Tensor loss);

    /// <summary>dLogits[n, c] += dLoss / count * (softmax(logits)[n, c] - [c == t_n]) for every row not ignored.</summary>
    void CrossEntropyBackward(Tensor logits, Tensor targets, int? ignoreIndex, long count, Tensor logSumExp, Tensor dLoss, Tensor dLogits);

    /// <summary>loss = Σ (pred - target)² / numel.</summary>
    void Mse(Tensor pred, Tensor target, Tensor loss);

    /// <summary>dPred += 2 dLoss (pred - target) / numel; dTarget -= the same. Either may be null.</summary>
    void MseBackward(Tensor pred, Tensor target, Tensor dLoss, Tensor? dPred, Tensor? dTarget);

    /// <summary>loss = Σ |pred - target| / numel.</summary>
    void L1(Tensor pred, Tensor target, Tensor loss);

    /// <summary>dPred += dLoss sign(pred - target) / numel with sign(0) = 0; dTarget -= the same. Either may be null.</summary>
    void L1Backward(Tensor pred, Tensor target, Tensor dLoss, Tensor? dPred, Tensor? dTarget);
}
