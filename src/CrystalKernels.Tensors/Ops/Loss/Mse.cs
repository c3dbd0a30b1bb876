using CrystalKernels.Tensors.Autograd;

namespace CrystalKernels.Tensors.Ops;

/// <summary>
/// Mean squared error: loss = Σ (pred - target)² / numel. Backward: dPred = 2 dLoss (pred - target) / numel and
/// dTarget = -dPred (the target may require a gradient too).
/// </summary>
public static partial class Op
{
    public static Tensor Mse(Tape? tape, Tensor pred, Tensor target)
    {
        const string name = nameof(Mse);
        RegressionArgs(name, pred, target);
        var k = pred.Device.Backend.Loss;
        var loss = Tensor.Empty(new Shape(), pred.DType, pred.Device, tape);
        k.Mse(pred, target, loss);
        if (tape is not null && tape.ShouldRecord(pred, target))
        {
            tape.Record(name, loss, [pred, target], () => k.MseBackward(pred, target, loss.Grad!,
                pred.RequiresGrad ? tape.GradOf(pred) : null, target.RequiresGrad ? tape.GradOf(target) : null));
        }

        return loss;
    }

    private static void RegressionArgs(string name, Tensor pred, Tensor target)
    {
        ReduceArgs.RequireFloat(name, pred, target);
        ShapeMismatchException.Require(pred.Shape.Equals(target.Shape), name, $"pred {pred.Shape} and target {target.Shape} must have the same shape");
    }
}
