namespace CrystalKernels.Tensors.Ops;

/// <summary>Argument checks shared by the reduce, matmul and loss ops; each message names the op.</summary>
internal static class ReduceArgs
{
    /// <summary>Every tensor is float32 or float64, of one dtype and one device.</summary>
    public static void RequireFloat(string op, params Tensor[] ts)
    {
        foreach (var t in ts)
        {
            ShapeMismatchException.Require(t.DType != DType.Int32, op, $"needs float32 or float64 input, got {t.Describe()}");
        }

        ShapeMismatchException.SameKind(op, ts);
    }

    /// <summary>The axis in [0, rank); negative counts from the end.</summary>
    public static int Axis(string op, Tensor x, int axis)
    {
        var a = axis < 0 ? axis + x.Rank : axis;
        ShapeMismatchException.Require(a >= 0 && a < x.Rank, op, $"axis {axis} is out of range for {x.Describe()}");
        return a;
    }

    /// <summary>x's shape with the axis removed, or kept with size 1.</summary>
    public static Shape Reduced(Shape s, int axis, bool keepDim)
    {
        if (keepDim)
        {
            return s.With(axis, 1);
        }

        var d = new List<int>(s.Dims.ToArray());
        d.RemoveAt(axis);
        return new Shape([.. d]);
    }
}
