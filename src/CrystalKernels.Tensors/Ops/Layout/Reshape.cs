using CrystalKernels.Tensors.Autograd;

namespace CrystalKernels.Tensors.Ops;

/// <summary>
/// y = x with another shape of the same numel: a view sharing x's storage (no copy). One dim may be -1 (inferred).
/// Backward: dx += dy read in storage order.
/// </summary>
public static partial class Op
{
    public static Tensor Reshape(Tape? tape, Tensor x, params int[] shape)
    {
        var s = InferShape(nameof(Reshape), x, shape);
        var y = new Tensor(x.Storage, s);
        if (tape is not null && tape.ShouldRecord(x))
        {
            var k = x.Device.Backend.Layout;
            tape.Record(nameof(Reshape), y, [x], () => k.Accumulate(y.Grad!, tape.GradOf(x)));
        }

        return y;
    }

    private static Shape InferShape(string op, Tensor x, int[] shape)
    {
        var dims = (int[])shape.Clone();
        var infer = -1;
        long known = 1;
        for (var i = 0; i < dims.Length; i++)
        {
            if (dims[i] == -1)
            {
                ShapeMismatchException.Require(infer < 0, op, $"at most one dim may be -1, got [{string.Join(", ", shape)}]");
                infer = i;
            }
            else
            {
                ShapeMismatchException.Require(dims[i] >= 0, op, $"negative dim in [{string.Join(", ", shape)}]");
                known *= dims[i];
            }
        }

        if (infer >= 0)
        {
            ShapeMismatchException.Require(known > 0 && x.Numel % known == 0, op,
                $"cannot infer the -1 dim of [{string.Join(", ", shape)}] for {x.Describe()}");
            dims[infer] = checked((int)(x.Numel / known));
            known *= dims[infer];
        }

        ShapeMismatchException.Require(known == x.Numel, op,
            $"cannot reshape {x.Describe()} ({x.Numel} elements) to [{string.Join(", ", shape)}] ({known} elements)");
        return new Shape(dims);
    }
}
