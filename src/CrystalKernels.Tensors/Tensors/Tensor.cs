using CrystalKernels.Tensors.Backends.Cpu;

namespace CrystalKernels.Tensors;

/// <summary>
/// A dense, contiguous, row-major block of float32 or float64 with a shape and a device. The only view is a reshape
/// (same storage, new shape); every op writes a fresh contiguous output.
/// </summary>
public sealed partial class Tensor
{
    public Tensor(Storage storage, Shape shape)
    {
        if (storage.Numel != shape.Numel)
        {
            throw new ArgumentException($"storage of {storage.Numel} elements cannot hold shape {shape} ({shape.Numel} elements)");
        }

        Storage = storage;
        Shape = shape;
    }

    public Storage Storage { get; }

    public Shape Shape { get; }

    public DType DType => Storage.DType;

    public Device Device => Storage.Device;

    public long Numel => Shape.Numel;

    public int Rank => Shape.Rank;

    /// <summary>Optional name for diagnostics (parameters carry their state-dict name).</summary>
    public string? Name { get; set; }

    /// <summary>True for parameters and for every op output that depends on one (set by the tape).</summary>
    public bool RequiresGrad { get; set; }

    /// <summary>Parameters keep a long-lived gradient that accumulates across backward passes.</summary>
    public bool IsParameter { get; init; }

    /// <summary>dLoss/dThis after <see cref="Autograd.Tape.Backward"/>; null when no gradient reached this tensor.</summary>
    public Tensor? Grad { get; set; }

    // ---- factories -------------------------------------------------------------------------------------------

    /// <summary>Uninitialised (may hold stale pooled data) tensor. From the tape's arena when a tape is given.</summary>
    public static Tensor Empty(Shape shape, DType dtype, Device? device = null, Autograd.Tape? tape = null) =>
        Alloc(shape, dtype, device ?? CpuDevice.Instance, tape, zero: false);

    public static Tensor Zeros(Shape shape, DType dtype, Device? device = null, Autograd.Tape? tape = null) =>
        Alloc(shape, dtype, device ?? CpuDevice.Instance, tape, zero: true);

    public static Tensor Full(Shape shape, double value, DType dtype, Device? device = null, Autograd.Tape? tape = null)
    {
        var t = Empty(shape, dtype, device, tape);
        t.Fill(value);
        return t;
    }

    public static Tensor Ones(Shape shape, DType dtype, Device? device = null) => Full(shape, 1.0, dtype, device);

    public static Tensor Scalar(double value, DType dtype = DType.Float32) => Full(new Shape(), value, dtype);

    public static Tensor FromArray(float[] data, params int[] shape) => FromSpan<float>(data, shape);

    public static Tensor FromArray(double[] data, params int[] shape) => FromSpan<double>(data, shape);

    /// <summary>An int32 index tensor (gather/scatter indices, CSR row pointers, labels).</summary>
    public static Tensor FromArray(int[] data, params int[] shape) => FromSpan<int>(data, shape);

    /// <summary>Copies <paramref name="data"/> into a new CPU tensor; an empty shape means 1-D of data's length.</summary>
    public static Tensor FromSpan<T>(ReadOnlySpan<T> data, params int[] shape) where T : unmanaged
    {
        var s = shape.Length == 0 && data.Length != 1 ? new Shape(data.Length) : new Shape(shape);
        if (s.Numel != data.Length)
        {
            throw new ArgumentException($"{data.Length} values cannot fill shape {s}");
        }

        var t = Empty(s, DTypeExtensions.Of<T>());
        data.CopyTo(t.Span<T>());
        return t;
    }

    public Tensor EmptyLike(Autograd.Tape? tape = null) => Empty(Shape, DType, Device, tape);

    public Tensor ZerosLike(Autograd.Tape? tape = null) => Zeros(Shape, DType, Device, tape);

    private static Tensor Alloc(Shape shape, DType dtype, Device device, Autograd.Tape? tape, bool zero)
    {
        var storage = tape is not null && ReferenceEquals(tape.Arena.Device, device)
            ? tape.Arena.Rent(dtype, shape.Numel, zero)
            : device.Allocate(dtype, shape.Numel, zero);
        return new Tensor(storage, shape);
    }

    // ---- host access (CPU) -----------------------------------------------------------------------------------

    /// <summary>The elements as a span; CPU only, and T must match the dtype.</summary>
    public Span<T> Span<T>() where T : unmanaged
    {
        Storage.ThrowIfReleased(Name);
        if (Storage is not CpuStorage cpu)
        {
            throw new InvalidOperationException($"tensor {Describe()} lives on {Device}; copy it to the CPU first");
        }

        if (DTypeExtensions.Of<T>() != DType)
        {
            throw new InvalidOperationException($"tensor {Describe()} is {DType.Name()}, not {typeof(T).Name}");
        }

        return cpu.AsSpan<T>();
    }

    /// <summary>A copy of the elements widened to double, whatever the dtype.</summary>
    public double[] ToDoubleArray()
    {
        if (DType == DType.Float64)
        {
            return Span<double>().ToArray();
        }

        if (DType == DType.Int32)
        {
            return Array.ConvertAll(Span<int>().ToArray(), v => (double)v);
        }

        var s = Span<float>();
        var r = new double[s.Length];
        for (var i = 0; i < s.Length; i++)
        {
            r[i] = s[i];
        }

        return r;
    }

    public float[] ToFloatArray()
    {
        if (DType == DType.Float32)
        {
            return Span<float>().ToArray();
        }

        if (DType == DType.Int32)
        {
            return Array.ConvertAll(Span<int>().ToArray(), v => (float)v);
        }

        var s = Span<double>();
        var r = new float[s.Length];
        for (var i = 0; i < s.Length; i++)
        {
            r[i] = (float)s[i];
        }

        return r;
    }

    /// <summary>The value of a one-element tensor.</summary>
    public double Item()
    {
        if (Numel != 1)
        {
            throw new InvalidOperationException($"Item() needs a one-element tensor, got {Describe()}");
        }

        return DType switch { DType.Float32 => Span<float>()[0], DType.Float64 => Span<double>()[0], _ => Span<int>()[0] };
    }

    public void Fill(double value)
    {
        if (Storage is not CpuStorage)
        {
            Storage.ThrowIfReleased(Name);
            Device.Fill(this, value);
            return;
        }

        if (DType == DType.Int32)
        {
            Span<int>().Fill(checked((int)value));
        }
        else if (DType == DType.Float32)
        {
            Span<float>().Fill((float)value);
        }
        else
        {
            Span<double>().Fill(value);
        }
    }

    /// <summary>Copies values (same numel) from another CPU tensor of any dtype, or across devices (same dtype).</summary>
    public void CopyFrom(Tensor src)
    {
        if (src.Numel != Numel)
        {
            throw new ShapeMismatchException("CopyFrom", $"numel differs: {src.Describe()} into {Describe()}");
        }

        if (Storage is not CpuStorage || src.Storage is not CpuStorage)
        {
            // A non-CPU device moves the data (host upload/download or a device copy).
            (Storage is CpuStorage ? src.Device : Device).Copy(src, this);
            return;
        }

        if (src.DType == DType.Int32 || DType == DType.Int32)
        {
            if (src.DType != DType)
            {
                throw new ShapeMismatchException("CopyFrom", $"cannot copy {src.Describe()} into {Describe()}: int32 does not convert to floating point here");
            }

            src.Span<int>().CopyTo(Span<int>());
            return;
        }

        if (src.DType == DType)
        {
            if (DType == DType.Float32)
            {
                src.Span<float>().CopyTo(Span<float>());
            }
            else
            {
                src.Span<double>().CopyTo(Span<double>());
            }

            return;
        }

        if (DType == DType.Float32)
        {
            var s = src.Span<double>();
            var d = Span<float>();
            for (var i = 0; i < s.Length; i++)
            {
                d[i] = (float)s[i];
            }
        }
        else
        {
            var s = src.Span<float>();
            var d = Span<double>();
            for (var i = 0; i < s.Length; i++)
            {
                d[i] = s[i];
            }
        }
    }

    /// <summary>A new long-lived tensor with the same values in <paramref name="dtype"/> (not recorded on a tape).</summary>
    public Tensor To(DType dtype)
    {
        var t = Empty(Shape, dtype, Device);
        t.CopyFrom(this);
        return t;
    }

    /// <summary>A tensor sharing this storage with another shape of the same numel (not recorded; see Op.Reshape).</summary>
    public Tensor View(params int[] shape)
    {
        var s = new Shape(shape);
        if (s.Numel != Numel)
        {
            throw new ShapeMismatchException("View", $"cannot view {Describe()} as {s}");
        }

        return new Tensor(Storage, s);
    }

    public string Describe() => $"{(Name is null ? string.Empty : Name + " ")}{DType.Name()}{Shape}";

    public override string ToString() => Describe();
}
