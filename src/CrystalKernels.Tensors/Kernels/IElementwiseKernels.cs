namespace CrystalKernels.Tensors.Kernels;

public enum BinaryOp
{
    Add,
    Sub,
    Mul,
    Div,
}

/// <summary>
/// How the second operand b of a binary op is broadcast over a, viewing a as rows x cols (cols = last dim):
/// None (same shape), Scalar (b has one element), Row (b has cols elements, added to every row),
/// Column (b has rows elements, one per row). Nothing else is broadcast.
/// </summary>
public enum Broadcast
{
    None,
    Scalar,
    Row,
    Column,
}

/// <summary>Elementwise kernels of one backend. Backward kernels accumulate (+=) into gradient tensors.</summary>
public interface IElementwiseKernels
{
    /// <summary>y = a (op) broadcast(b).</summary>
    void Binary(BinaryOp op, Broadcast mode, Tensor a, Tensor b, Tensor y);

    /// <summary>da += dy * dy/da; db += reduce_broadcast(dy * dy/db). Either gradient may be null (not needed).</summary>
    void BinaryBackward(BinaryOp op, Broadcast mode, Tensor a, Tensor b, Tensor dy, Tensor? da, Tensor? db);
}
