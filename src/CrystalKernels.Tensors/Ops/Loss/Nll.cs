using CrystalKernels.Tensors.Autograd;

namespace CrystalKernels.Tensors.Ops;

/// <summary>
/// Negative log-likelihood, mean over the rows whose target is not <c>ignoreIndex</c>:
/// loss = -Σ_n logProbs[n, t_n] / count. Backward: dLogProbs[n, t_n] -= dLoss / count.
/// </summary>
public static partial class Op
{
    public static Tensor Nll(Tape? tape, Tensor logProbs, Tensor targets, int? ignoreIndex = null)
    {
        const string name = nameof(Nll);
        ClassificationArgs(name, logProbs, targets);
        var k = logProbs.Device.Backend.Loss;
        var loss = Tensor.Empty(new Shape(), logProbs.DType, logProbs.Device, tape);
        var count = k.Nll(logProbs, targets, ignoreIndex, loss);
        if (tape is not null && tape.ShouldRecord(logProbs))
        {
            tape.Record(name, loss, [logProbs], () => k.NllBackward(targets, ignoreIndex, count, loss.Grad!, tape.GradOf(logProbs)));
        }

        return loss;
    }

    /// <summary>Scores [N, C] float, targets [N] Int32 on the same device.</summary>
    private static void ClassificationArgs(string name, Tensor scores, Tensor targets)
    {
        ReduceArgs.RequireFloat(name, scores);
        ShapeMismatchException.Require(scores.Rank == 2, name, $"needs scores [N, C], got {scores.Describe()}");
        ShapeMismatchException.Require(targets.DType == DType.Int32, name, $"targets must be int32 class indices, got {targets.Describe()}");
        ShapeMismatchException.Require(targets.Rank == 1 && targets.Shape[0] == scores.Shape[0], name,
            $"targets must be [{scores.Shape[0]}] for scores {scores.Shape}, got {targets.Shape}");
        ShapeMismatchException.Require(ReferenceEquals(targets.Device, scores.Device), name, $"targets live on {targets.Device}, scores on {scores.Device}");
    }
}
