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

/// <summary>
/// One-input elementwise maps y = f(x; p0, p1). The two scalar parameters p0, p1 are used only where listed;
/// the backward of each reads x and/or the saved output y (see the Op of the same name for the formulas).
/// </summary>
public enum UnaryOp
{
    Exp,
    Log,
    Sqrt,
    Rsqrt,

    /// <summary>x^p0.</summary>
    Pow,
    Neg,
    Abs,
    Sigmoid,
    Tanh,

    /// <summary>x * sigmoid(x).</summary>
    Silu,

    /// <summary>x for x &gt; 0, p0 * x otherwise.</summary>
    LeakyRelu,

    /// <summary>x * Phi(x) with the exact normal CDF (erf form; PyTorch approximate='none').</summary>
    Gelu,

    /// <summary>0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3))) (PyTorch approximate='tanh').</summary>
    GeluTanh,

    /// <summary>min(max(x, p0), p1).</summary>
    Clamp,

    /// <summary>p0 * x.</summary>
    Scale,

    /// <summary>x + p0.</summary>
    AddScalar,
}

/// <summary>Elementwise kernels of one backend. Backward kernels accumulate (+=) into gradient tensors.</summary>
public interface IElementwiseKernels
{
    /// <summary>y = a (op) broadcast(b).</summary>
    void Binary(BinaryOp op, Broadcast mode, Tensor a, Tensor b, Tensor y);

    /// <summary>da += dy * dy/da; db += reduce_broadcast(dy * dy/db). Either gradient may be null (not needed).</summary>
    void BinaryBackward(BinaryOp op, Broadcast mode, Tensor a, Tensor b, Tensor dy, Tensor? da, Tensor? db);

    /// <summary>y = f(x; p0, p1), same shape and dtype.</summary>
    void Unary(UnaryOp op, Tensor x, Tensor y, double p0, double p1);

    /// <summary>dx += dy * f'(x), where f' may be evaluated from the input x or the saved output y = f(x).</summary>
    void UnaryBackward(UnaryOp op, Tensor x, Tensor y, Tensor dy, Tensor dx, double p0, double p1);
}
