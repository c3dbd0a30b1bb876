namespace CrystalKernels.Gpu.Kernels;

/// <summary>
/// Load/store of one tensor element type. Kernels are generic over (T, TElem) and do their arithmetic in double, so
/// one kernel body serves float32, float64 and int32 (whose values are exact in double) on every ILGPU accelerator.
/// A struct with instance methods (not static abstract members) is the generic pattern every ILGPU backend supports.
/// </summary>
public interface IElem<T>
    where T : unmanaged
{
    double Load(T v);

    T Store(double v);
}

public readonly struct F32 : IElem<float>
{
    public double Load(float v) => v;

    public float Store(double v) => (float)v;
}

public readonly struct F64 : IElem<double>
{
    public double Load(double v) => v;

    public double Store(double v) => v;
}

public readonly struct I32 : IElem<int>
{
    public double Load(int v) => v;

    public int Store(double v) => (int)v;
}
