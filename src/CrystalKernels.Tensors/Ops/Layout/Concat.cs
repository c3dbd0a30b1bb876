using CrystalKernels.Tensors.Autograd;

namespace CrystalKernels.Tensors.Ops;

/// <summary>
/// y = concat(x0, x1, ...) along <c>axis</c>: every input has the same rank and the same dims except at the axis.
/// Backward: each input gets its slab of dy.
/// </summary>
public static partial class Op
{
    public static Tensor Concat(Tape? tape, int axis, params Tensor[] tensors)
    {
        ShapeMismatchException.Require(tensors.Length > 0, nameof(Concat), "needs at least one tensor");
        ShapeMismatchException.SameKind(nameof(Concat), tensors);
        var first = tensors[0];
        ShapeMismatchException.Require(first.Rank > 0, nameof(Concat), $"cannot concatenate scalars ({first.Describe()})");
        var a = NormalizeAxis(nameof(Concat), first.Shape, axis);
        var total = 0;
        foreach (var t in tensors)
        {
            var same = t.Rank == first.Rank;
            for (var d = 0; same && d < t.Rank; d++)
            {
                same = d == a || t.Shape[d] == first.Shape[d];
            }

            ShapeMismatchException.Require(same, nameof(Concat),
                $"along axis {a} every shape must match except at the axis, got {string.Join(", ", tensors.Select(x => x.Shape))}");
            total = checked(total + t.Shape[a]);
        }

        var k = first.Device.Backend.Layout;
        var y = Tensor.Empty(first.Shape.With(a, total), first.DType, first.Device, tape);
        var starts = new int[tensors.Length];
        var off = 0;
        for (var i = 0; i < tensors.Length; i++)
        {
            starts[i] = off;
            k.CopySlab(tensors[i], 0, y, off, a, tensors[i].Shape[a], accumulate: false);
            off += tensors[i].Shape[a];
        }

        if (tape is not null && tape.ShouldRecord(tensors))
        {
            var inputs = (Tensor[])tensors.Clone();
            tape.Record(nameof(Concat), y, inputs, () =>
            {
                for (var i = 0; i < inputs.Length; i++)
                {
                    if (inputs[i].RequiresGrad)
                    {
                        k.CopySlab(y.Grad!, starts[i], tape.GradOf(inputs[i]), 0, a, inputs[i].Shape[a], accumulate: true);
                    }
                }
            });
        }

        return y;
    }

    /// <summary>A negative axis counts from the end; out of range throws naming the op.</summary>
    internal static int NormalizeAxis(string op, Shape shape, int axis)
    {
        var a = axis < 0 ? axis + shape.Rank : axis;
        ShapeMismatchException.Require(a >= 0 && a < shape.Rank, op, $"axis {axis} is out of range for shape {shape}");
        return a;
    }
}
