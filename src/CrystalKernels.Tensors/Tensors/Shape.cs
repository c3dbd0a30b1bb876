namespace CrystalKernels.Tensors;

/// <summary>An immutable row-major shape. Rank 0 is a scalar (numel 1).</summary>
public sealed class Shape : IEquatable<Shape>
{
    private readonly int[] dims;

    public Shape(params int[] dims)
    {
        foreach (var d in dims)
        {
            if (d < 0)
            {
                throw new ArgumentException($"shape [{string.Join(", ", dims)}] has a negative dimension");
            }
        }

        this.dims = (int[])dims.Clone();
        long n = 1;
        foreach (var d in dims)
        {
            n *= d;
        }

        Numel = n;
    }

    public int Rank => dims.Length;

    public long Numel { get; }

    public int this[int axis] => dims[Normalize(axis)];

    public ReadOnlySpan<int> Dims => dims;

    /// <summary>Last dimension (1 for a scalar): the "columns" of the row view.</summary>
    public int Cols => dims.Length == 0 ? 1 : dims[^1];

    /// <summary>Product of all but the last dimension: the "rows" of the row view.</summary>
    public long Rows => dims.Length == 0 ? 1 : Numel / Math.Max(1, dims[^1]);

    public int Normalize(int axis)
    {
        var a = axis < 0 ? axis + dims.Length : axis;
        if (a < 0 || a >= dims.Length)
        {
            throw new ArgumentOutOfRangeException(nameof(axis), $"axis {axis} is out of range for shape {this}");
        }

        return a;
    }

    /// <summary>Product of dims before <paramref name="axis"/> (outer), the axis size and the product after (inner).</summary>
    public (long Outer, int Axis, long Inner) Split(int axis)
    {
        var a = Normalize(axis);
        long outer = 1, inner = 1;
        for (var i = 0; i < a; i++)
        {
            outer *= dims[i];
        }

        for (var i = a + 1; i < dims.Length; i++)
        {
            inner *= dims[i];
        }

        return (outer, dims[a], inner);
    }

    public int[] ToArray() => (int[])dims.Clone();

    public Shape With(int axis, int size)
    {
        var d = ToArray();
        d[Normalize(axis)] = size;
        return new Shape(d);
    }

    public bool Equals(Shape? other) => other is not null && dims.AsSpan().SequenceEqual(other.dims);

    public override bool Equals(object? obj) => obj is Shape s && Equals(s);

    public override int GetHashCode()
    {
        var h = new HashCode();
        foreach (var d in dims)
        {
            h.Add(d);
        }

        return h.ToHashCode();
    }

    public override string ToString() => "[" + string.Join(", ", dims) + "]";

    public static implicit operator Shape(int[] dims) => new(dims);
}
