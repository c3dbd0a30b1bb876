namespace CrystalKernels.Tensors.Nn;

/// <summary>Creates long-lived trainable tensors whose gradients accumulate across backward passes.</summary>
public static class Parameter
{
    public static Tensor Create(string name, Shape shape, DType dtype = DType.Float32, Device? device = null)
    {
        var storage = (device ?? Backends.Cpu.CpuDevice.Instance).Allocate(dtype, shape.Numel, zero: true);
        return new Tensor(storage, shape) { Name = name, IsParameter = true, RequiresGrad = true };
    }

    /// <summary>A parameter holding a copy of <paramref name="values"/>.</summary>
    public static Tensor From(string name, Tensor values)
    {
        var p = Create(name, values.Shape, values.DType, values.Device);
        p.CopyFrom(values);
        return p;
    }

    /// <summary>Clears the gradients (parameter grads accumulate until zeroed).</summary>
    public static void ZeroGrad(IEnumerable<Tensor> parameters)
    {
        foreach (var p in parameters)
        {
            p.Grad?.Fill(0.0);
        }
    }
}
