using CrystalKernels.Gpu.Kernels;
using CrystalKernels.Tensors;
using CrystalKernels.Tensors.Kernels;
using ILGPU;

namespace CrystalKernels.Gpu;

/// <summary>ILGPU elementwise kernels (float32 and float64): dispatch to the generic device code by dtype.</summary>
public sealed class IlgpuElementwiseKernels(IlgpuDevice dev) : IElementwiseKernels
{
    public void Binary(BinaryOp op, Broadcast mode, Tensor a, Tensor b, Tensor y)
    {
        if (a.DType == DType.Float32)
        {
            Binary<float, F32>(op, mode, a, b, y);
        }
        else
        {
            Binary<double, F64>(op, mode, a, b, y);
        }
    }

    public void BinaryBackward(BinaryOp op, Broadcast mode, Tensor a, Tensor b, Tensor dy, Tensor? da, Tensor? db)
    {
        if (a.DType == DType.Float32)
        {
            BinaryBackward<float, F32>(op, mode, a, b, dy, da, db);
        }
        else
        {
            BinaryBackward<double, F64>(op, mode, a, b, dy, da, db);
        }
    }

    public void Unary(UnaryOp op, Tensor x, Tensor y, double p0, double p1)
    {
        if (x.DType == DType.Float32)
        {
            Unary<float, F32>(op, x, y, p0, p1);
        }
        else
        {
            Unary<double, F64>(op, x, y, p0, p1);
        }
    }

    public void UnaryBackward(UnaryOp op, Tensor x, Tensor y, Tensor dy, Tensor dx, double p0, double p1)
    {
        if (x.DType == DType.Float32)
        {
            UnaryBackward<float, F32>(op, x, y, dy, dx, p0, p1);
        }
        else
        {
            UnaryBackward<double, F64>(op, x, y, dy, dx, p0, p1);
        }
    }

    /// <summary>The float parameters as the CPU float32 path sees them (rounded to T), widened back to double.</summary>
    private static double Param<T, TE>(double p)
        where T : unmanaged
        where TE : struct, IElem<T> => default(TE).Load(default(TE).Store(p));

    private ArrayView<T> V<T>(Tensor t) where T : unmanaged => dev.Own(t, "ilgpu elementwise").View<T>();

    private void Binary<T, TE>(BinaryOp op, Broadcast mode, Tensor a, Tensor b, Tensor y)
        where T : unmanaged
        where TE : struct, IElem<T>
    {
        var k = dev.Load<ArrayView<T>, ArrayView<T>, ArrayView<T>, int, int, int>(ElementwiseKernels.Binary<T, TE>);
        IlgpuDevice.Launch(a.Numel, k, V<T>(a), V<T>(b), V<T>(y), (int)op, (int)mode, a.Shape.Cols);
    }

    private void BinaryBackward<T, TE>(BinaryOp op, Broadcast mode, Tensor a, Tensor b, Tensor dy, Tensor? da, Tensor? db)
        where T : unmanaged
        where TE : struct, IElem<T>
    {
        if (da is not null)
        {
            var k = dev.Load<ArrayView<T>, ArrayView<T>, ArrayView<T>, int, int, int>(ElementwiseKernels.BinaryGradA<T, TE>);
            IlgpuDevice.Launch(a.Numel, k, V<T>(b), V<T>(dy), V<T>(da), (int)op, (int)mode, a.Shape.Cols);
        }

        if (db is not null)
        {
            var k = dev.Load<ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<T>, int, int, int, int>(ElementwiseKernels.BinaryGradB<T, TE>);
            IlgpuDevice.Launch(b.Numel, k, V<T>(a), V<T>(b), V<T>(dy), V<T>(db), (int)op, (int)mode, a.Shape.Cols, checked((int)a.Numel));
        }
    }

    private void Unary<T, TE>(UnaryOp op, Tensor x, Tensor y, double p0, double p1)
        where T : unmanaged
        where TE : struct, IElem<T>
    {
        var k = dev.Load<ArrayView<T>, ArrayView<T>, int, double, double>(ElementwiseKernels.Unary<T, TE>);
        IlgpuDevice.Launch(x.Numel, k, V<T>(x), V<T>(y), (int)op, Param<T, TE>(p0), Param<T, TE>(p1));
    }

    private void UnaryBackward<T, TE>(UnaryOp op, Tensor x, Tensor y, Tensor dy, Tensor dx, double p0, double p1)
        where T : unmanaged
        where TE : struct, IElem<T>
    {
        var k = dev.Load<ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<T>, int, double, double>(ElementwiseKernels.UnaryGrad<T, TE>);
        IlgpuDevice.Launch(x.Numel, k, V<T>(x), V<T>(y), V<T>(dy), V<T>(dx), (int)op, Param<T, TE>(p0), Param<T, TE>(p1));
    }
}
