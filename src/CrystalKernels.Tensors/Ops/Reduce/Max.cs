using CrystalKernels.Tensors.Autograd;

namespace CrystalKernels.Tensors.Ops;

/// <summary>
/// Max over one axis (keepDim keeps it with size 1). The forward saves the first arg-max of each output (Int32), and
/// the backward routes dy to that one position only: on ties the first index gets the whole gradient.
/// </summary>
public static partial class Op
{
    public static Tensor Max(Tape? tape, Tensor x, int axis, bool keepDim = false)
    {
        ReduceArgs.RequireFloat(nameof(Max), x);
        var a = ReduceArgs.Axis(nameof(Max), x, axis);
        ShapeMismatchException.Require(x.Shape[a] > 0, nameof(Max), $"cannot take the max over empty axis {axis} of {x.Describe()}");
        var k = x.Device.Backend.Reduce;
        var shape = ReduceArgs.Reduced(x.Shape, a, keepDim);
        var y = Tensor.Empty(shape, x.DType, x.Device, tape);
        var argMax = Tensor.Empty(shape, DType.Int32, x.Device, tape);
        k.Max(x, a, y, argMax);
        if (tape is not null && tape.ShouldRecord(x))
        {
            tape.Record(nameof(Max), y, [x], () => k.MaxBackward(y.Grad!, argMax, a, tape.GradOf(x)));
        }

        return y;
    }
}
