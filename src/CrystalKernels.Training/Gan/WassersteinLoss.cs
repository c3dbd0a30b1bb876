using CrystalKernels.Tensors;
using CrystalKernels.Tensors.Autograd;
using CrystalKernels.Tensors.Ops;

namespace CrystalKernels.Training.Gan;

/// <summary>
/// The paper's "Wasserstein-style" loss (Eq. 2), L_W = (1/M) Σ_m Σ_k |y_mk − ŷ_mk|, with ŷ = softmax(D(·)) as in the
/// code. The paper prints LogSoftmax, which makes the loss degenerate (|0 − log p_0| grows without bound as D
/// becomes sure, paper-spec 4.7 #2), so both modes use softmax. Class 1 = real, 0 = fake (the code's convention).
/// </summary>
public static class WassersteinLoss
{
    public const int Fake = 0;
    public const int Real = 1;

    /// <summary>L_W of logits [B, K] against one label for every row; scalar.</summary>
    public static Tensor Compute(Tape? tape, Tensor logits, int label)
    {
        if (logits.Rank != 2 || label < 0 || label >= logits.Shape[1])
        {
            throw new ShapeMismatchException("WassersteinLoss", $"logits must be [B, K] with label {label} < K, got {logits.Describe()}");
        }

        var (b, k) = (logits.Shape[0], logits.Shape[1]);
        var oneHot = new double[b * k];
        for (var i = 0; i < b; i++)
        {
            oneHot[(i * k) + label] = 1;
        }

        var y = Tensor.FromArray(oneHot, b, k).To(logits.DType);
        var diff = Op.Abs(tape, Op.Sub(tape, Op.Softmax(tape, logits), y));
        return Op.Scale(tape, Op.SumAll(tape, diff), 1.0 / b);
    }
}
