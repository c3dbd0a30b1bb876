using CrystalKernels.Tensors.Autograd;

namespace CrystalKernels.Tensors.Ops;

/// <summary>
/// Sum and Mean over one axis (keepDim keeps it with size 1) and over everything (a scalar, shape []).
/// Backward broadcasts dy back along the reduced axis: dx[o, a, i] += dy[o, i] (times 1/n for the mean).
/// </summary>
public static partial class Op
{
    public static Tensor Sum(Tape? tape, Tensor x, int axis, bool keepDim = false) =>
        SumScaled(tape, nameof(Sum), x, axis, keepDim, mean: false);

    public static Tensor Mean(Tape? tape, Tensor x, int axis, bool keepDim = false) =>
        SumScaled(tape, nameof(Mean), x, axis, keepDim, mean: true);

    public static Tensor SumAll(Tape? tape, Tensor x) => SumAllScaled(tape, nameof(SumAll), x, mean: false);

    public static Tensor MeanAll(Tape? tape, Tensor x) => SumAllScaled(tape, nameof(MeanAll), x, mean: true);

    private static Tensor SumScaled(Tape? tape, string name, Tensor x, int axis, bool keepDim, bool mean)
    {
        ReduceArgs.RequireFloat(name, x);
        var a = ReduceArgs.Axis(name, x, axis);
        // Mean over an empty axis is 0 * (1 / 0) = NaN, as in torch.
        var scale = mean ? 1.0 / x.Shape[a] : 1.0;
        var k = x.Device.Backend.Reduce;
        var y = Tensor.Empty(ReduceArgs.Reduced(x.Shape, a, keepDim), x.DType, x.Device, tape);
        k.Sum(x, a, y, scale);
        if (tape is not null && tape.ShouldRecord(x))
        {
            tape.Record(name, y, [x], () => k.SumBackward(y.Grad!, a, tape.GradOf(x), scale));
        }

        return y;
    }

    private static Tensor SumAllScaled(Tape? tape, string name, Tensor x, bool mean)
    {
        ReduceArgs.RequireFloat(name, x);
        var n = checked((int)x.Numel);
        var scale = mean ? 1.0 / n : 1.0;
        var k = x.Device.Backend.Reduce;
        var y = Tensor.Empty(new Shape(), x.DType, x.Device, tape);
        // A flat view makes this the one-axis reduction with outer = inner = 1.
        k.Sum(x.View(n), 0, y, scale);
        if (tape is not null && tape.ShouldRecord(x))
        {
            tape.Record(name, y, [x], () => k.SumBackward(y.Grad!, 0, tape.GradOf(x).View(n), scale));
        }

        return y;
    }
}
