using CrystalKernels.Tensors.Autograd;

namespace CrystalKernels.Tensors.Ops;

/// <summary>
/// Cross entropy of logits [N, C] against Int32 targets [N]: log-softmax and NLL fused, mean over the rows not
/// ignored. The forward saves logsumexp per row, so the backward is dLogits = dLoss / count (softmax - onehot(t))
/// without materialising the log-probabilities.
/// </summary>
public static partial class Op
{
    public static Tensor CrossEntropy(Tape? tape, Tensor logits, Tensor targets, int? ignoreIndex = null)
    {
        const string name = nameof(CrossEntropy);
        ClassificationArgs(name, logits, targets);
        ShapeMismatchException.Require(logits.Shape[1] > 0, name, $"needs at least one class, got {logits.Describe()}");
        var k = logits.Device.Backend.Loss;
        var loss = Tensor.Empty(new Shape(), logits.DType, logits.Device, tape);
        var logSumExp = Tensor.Empty(new Shape(logits.Shape[0]), logits.DType, logits.Device, tape);
        var count = k.CrossEntropy(logits, targets, ignoreIndex, logSumExp, loss);
        if (tape is not null && tape.ShouldRecord(logits))
        {
            tape.Record(name, loss, [logits], () =>
                k.CrossEntropyBackward(logits, targets, ignoreIndex, count, logSumExp, loss.Grad!, tape.GradOf(logits)));
        }

        return loss;
    }
}
