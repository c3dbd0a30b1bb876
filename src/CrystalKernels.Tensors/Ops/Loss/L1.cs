using CrystalKernels.Tensors.Autograd;

namespace CrystalKernels.Tensors.Ops;

/// <summary>
/// Mean absolute error: loss = Σ |pred - target| / numel. Backward: dPred = dLoss sign(pred - target) / numel with
/// sign(0) = 0 (torch's choice at the kink), dTarget = -dPred.
/// </summary>
public static partial class Op
{
    public static Tensor L1(Tape? tape, Tensor pred, Tensor target)
    {
        const string name = nameof(L1);
        RegressionArgs(name, pred, target);
        var k = pred.Device.Backend.Loss;
        var loss = Tensor.Empty(new Shape(), pred.DType, pred.Device, tape);
        k.L1(pred, target, loss);
        if (tape is not null && tape.ShouldRecord(pred, target))
        {
            tape.Record(name, loss, [pred, target], () => k.L1Backward(pred, target, loss.Grad!,
                pred.RequiresGrad ? tape.GradOf(pred) : null, target.RequiresGrad ? tape.GradOf(target) : null));
        }

        return loss;
    }
}
