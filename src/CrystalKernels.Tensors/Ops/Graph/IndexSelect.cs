using CrystalKernels.Tensors.Autograd;

namespace CrystalKernels.Tensors.Ops;

/// <summary>
/// y[e, ...] = x[index[e], ...]: gathers rows of x[N, ...] into y[E, ...] (for example node features onto edges).
/// Backward: dx[n] += sum over e with index[e] = n of dy[e]. It is a scatter through a CSR of the index built by a
/// stable counting sort, so each dx row sums its edges in ascending e: deterministic, no atomics, any thread count.
/// </summary>
public static partial class Op
{
    public static Tensor IndexSelect(Tape? tape, Tensor x, Tensor index) => Gather(tape, nameof(IndexSelect), x, index);

    private static Tensor Gather(Tape? tape, string op, Tensor x, Tensor index)
    {
        ShapeMismatchException.Require(x.Rank >= 1, op, $"needs a tensor with a row axis, got {x.Describe()}");
        CheckIndex(op, index, x.Shape[0], $"the {x.Shape[0]} rows of {x.Describe()}");
        var k = x.Device.Backend.Graph;
        var y = Tensor.Empty(x.Shape.With(0, (int)index.Numel), x.DType, x.Device, tape);
        k.Gather(x, index, y, accumulate: false);
        if (tape is not null && tape.ShouldRecord(x))
        {
            tape.Record(op, y, [x, index], () => k.ScatterAdd(y.Grad!, index, tape.GradOf(x), accumulate: true));
        }

        return y;
    }
}
