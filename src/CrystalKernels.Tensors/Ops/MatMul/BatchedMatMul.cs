using CrystalKernels.Tensors.Autograd;

namespace CrystalKernels.Tensors.Ops;

/// <summary>
/// c[B, M, N] = op(a[p]) · op(b[p]) for each batch p, with the same transpose flags and backward as
/// <see cref="MatMul"/>. Both operands carry the same batch size B (no broadcast).
/// </summary>
public static partial class Op
{
    public static Tensor BatchedMatMul(Tape? tape, Tensor a, Tensor b, bool transposeA = false, bool transposeB = false)
    {
        const string name = nameof(BatchedMatMul);
        ReduceArgs.RequireFloat(name, a, b);
        ShapeMismatchException.Require(a.Rank == 3 && b.Rank == 3, name, $"needs rank-3 a and b, got a {a.Shape} and b {b.Shape}");
        ShapeMismatchException.Require(a.Shape[0] == b.Shape[0], name, $"batch sizes differ: a {a.Shape} and b {b.Shape}");
        var (m, n, k) = GemmDims(name, a.Shape[1], a.Shape[2], b.Shape[1], b.Shape[2], transposeA, transposeB, a, b);
        var batch = a.Shape[0];
        var c = Tensor.Empty(new Shape(batch, m, n), a.DType, a.Device, tape);
        RecordGemm(tape, name, batch, m, n, k, a, b, c, transposeA, transposeB);
        return c;
    }
}
