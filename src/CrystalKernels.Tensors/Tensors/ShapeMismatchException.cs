namespace CrystalKernels.Tensors;

/// <summary>Thrown when an op receives tensors whose shapes, dtypes or devices do not fit. The message names the op.</summary>
public sealed class ShapeMismatchException(string op, string detail) : ArgumentException($"{op}: {detail}")
{
    public string Op { get; } = op;

    public static void Require(bool condition, string op, string detail)
    {
        if (!condition)
        {
            throw new ShapeMismatchException(op, detail);
        }
    }

    /// <summary>Same dtype and device for every tensor of an op.</summary>
    public static void SameKind(string op, params Tensor[] ts)
    {
        for (var i = 1; i < ts.Length; i++)
        {
            if (ts[i].DType != ts[0].DType)
            {
                throw new ShapeMismatchException(op, $"dtype mismatch: {ts[0].DType.Name()} {ts[0].Shape} vs {ts[i].DType.Name()} {ts[i].Shape}");
            }

            if (!ReferenceEquals(ts[i].Device, ts[0].Device))
            {
                throw new ShapeMismatchException(op, $"device mismatch: {ts[0].Device} vs {ts[i].Device}");
            }
        }
    }

    public static void SameShape(string op, Tensor a, Tensor b)
    {
        if (!a.Shape.Equals(b.Shape))
        {
            throw new ShapeMismatchException(op, $"shapes must be equal, got {a.Shape} and {b.Shape}");
        }
    }
}
