using CrystalKernels.Tensors.Autograd;

namespace CrystalKernels.Tensors.Ops;

/// <summary>
/// y = x with its axes reordered, y.dims[k] = x.dims[axes[k]] (a fresh contiguous copy); Transpose is the 2-D case.
/// Backward: dx += dy permuted by the inverse permutation.
/// </summary>
public static partial class Op
{
    /// <summary>The transpose of a matrix [M, N] -> [N, M].</summary>
    public static Tensor Transpose(Tape? tape, Tensor x)
    {
        ShapeMismatchException.Require(x.Rank == 2, nameof(Transpose), $"needs a 2-D tensor, got {x.Describe()} (use Permute)");
        return Permute(tape, nameof(Transpose), x, [1, 0]);
    }

    public static Tensor Permute(Tape? tape, Tensor x, params int[] axes) => Permute(tape, nameof(Permute), x, axes);

    private static Tensor Permute(Tape? tape, string op, Tensor x, int[] axes)
    {
        var rank = x.Rank;
        var perm = new int[axes.Length];
        var inverse = new int[rank];
        var seen = new bool[rank];
        var ok = axes.Length == rank;
        for (var k = 0; ok && k < rank; k++)
        {
            var a = axes[k] < 0 ? axes[k] + rank : axes[k];
            ok = a >= 0 && a < rank && !seen[a];
            if (ok)
            {
                seen[a] = true;
                perm[k] = a;
                inverse[a] = k;
            }
        }

        ShapeMismatchException.Require(ok, op, $"axes [{string.Join(", ", axes)}] are not a permutation of the {rank} axes of {x.Describe()}");
        var dims = new int[rank];
        for (var k = 0; k < rank; k++)
        {
            dims[k] = x.Shape[perm[k]];
        }

        var kern = x.Device.Backend.Layout;
        var y = Tensor.Empty(new Shape(dims), x.DType, x.Device, tape);
        kern.Permute(x, perm, y, accumulate: false);
        if (tape is not null && tape.ShouldRecord(x))
        {
            tape.Record(op, y, [x], () => kern.Permute(y.Grad!, inverse, tape.GradOf(x), accumulate: true));
        }

        return y;
    }
}
