using CrystalKernels.Gpu.Kernels;
using CrystalKernels.Tensors;
using CrystalKernels.Tensors.Kernels;
using CrystalKernels.Tensors.Random;
using ILGPU;

namespace CrystalKernels.Gpu;

/// <summary>ILGPU LayerNorm, RmsNorm and dropout (float32 and float64). See <see cref="NormKernels"/>.</summary>
public sealed class IlgpuNormKernels(IlgpuDevice dev) : INormKernels
{
    public void LayerNorm(Tensor x, Tensor w, Tensor b, double eps, Tensor y, Tensor mean, Tensor rstd)
    {
        if (x.DType == DType.Float32)
        {
            Norm<float, F32>(x, w, b, eps, y, mean, rstd, center: true);
        }
        else
        {
            Norm<double, F64>(x, w, b, eps, y, mean, rstd, center: true);
        }
    }

    public void LayerNormBackward(Tensor dy, Tensor x, Tensor w, Tensor mean, Tensor rstd, Tensor? dx, Tensor? dw, Tensor? db)
    {
        if (x.DType == DType.Float32)
        {
            NormBackward<float, F32>(dy, x, w, mean, rstd, dx, dw, db, center: true);
        }
        else
        {
            NormBackward<double, F64>(dy, x, w, mean, rstd, dx, dw, db, center: true);
        }
    }

    public void RmsNorm(Tensor x, Tensor w, double eps, Tensor y, Tensor rstd)
    {
        // RmsNorm has no bias or mean: the views are passed only to fill the shared kernel's slots and are never read.
        if (x.DType == DType.Float32)
        {
            Norm<float, F32>(x, w, w, eps, y, rstd, rstd, center: false);
        }
        else
        {
            Norm<double, F64>(x, w, w, eps, y, rstd, rstd, center: false);
        }
    }

    public void RmsNormBackward(Tensor dy, Tensor x, Tensor w, Tensor rstd, Tensor? dx, Tensor? dw)
    {
        if (x.DType == DType.Float32)
        {
            NormBackward<float, F32>(dy, x, w, rstd, rstd, dx, dw, null, center: false);
        }
        else
        {
            NormBackward<double, F64>(dy, x, w, rstd, rstd, dx, dw, null, center: false);
        }
    }

    public void Dropout(Tensor x, double p, RngStream rng, ulong offset, Tensor y)
    {
        if (x.DType == DType.Float32)
        {
            Dropout<float, F32>(x, p, rng, offset, y, accumulate: false);
        }
        else
        {
            Dropout<double, F64>(x, p, rng, offset, y, accumulate: false);
        }
    }

    public void DropoutBackward(Tensor dy, double p, RngStream rng, ulong offset, Tensor dx)
    {
        // The same masked scaling of dy, accumulated: the mask is drawn again from the stream, never stored.
        if (dy.DType == DType.Float32)
        {
            Dropout<float, F32>(dy, p, rng, offset, dx, accumulate: true);
        }
        else
        {
            Dropout<double, F64>(dy, p, rng, offset, dx, accumulate: true);
        }
    }

    private ArrayView<T> V<T>(Tensor t) where T : unmanaged => dev.Own(t, "ilgpu norm").View<T>();

    private void Norm<T, TE>(Tensor x, Tensor w, Tensor b, double eps, Tensor y, Tensor mean, Tensor rstd, bool center)
        where T : unmanaged
        where TE : struct, IElem<T>
    {
        var k = dev.Load<ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<T>, int, double, int>(NormKernels.Norm<T, TE>);
        IlgpuDevice.Launch(x.Shape.Rows, k, V<T>(x), V<T>(w), V<T>(b), V<T>(y), V<T>(mean), V<T>(rstd), x.Shape.Cols, eps, center ? 1 : 0);
    }

    private void NormBackward<T, TE>(Tensor dy, Tensor x, Tensor w, Tensor mean, Tensor rstd, Tensor? dx, Tensor? dw, Tensor? db, bool center)
        where T : unmanaged
        where TE : struct, IElem<T>
    {
        var c = x.Shape.Cols;
        var rows = checked((int)x.Shape.Rows);
        var ctr = center ? 1 : 0;
        if (dx is not null)
        {
            var k = dev.Load<ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<T>, int, int>(NormKernels.NormGradX<T, TE>);
            IlgpuDevice.Launch(rows, k, V<T>(dy), V<T>(x), V<T>(w), V<T>(mean), V<T>(rstd), V<T>(dx), c, ctr);
        }

        if (dw is not null)
        {
            var k = dev.Load<ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<T>, int, int, int>(NormKernels.NormGradW<T, TE>);
            IlgpuDevice.Launch(c, k, V<T>(dy), V<T>(x), V<T>(mean), V<T>(rstd), V<T>(dw), rows, c, ctr);
        }

        if (db is not null)
        {
            IlgpuDevice.Launch(c, dev.Load<ArrayView<T>, ArrayView<T>, int, int>(GemmKernels.ColumnSum<T, TE>), V<T>(dy), V<T>(db), rows, c);
        }
    }

    private void Dropout<T, TE>(Tensor x, double p, RngStream rng, ulong offset, Tensor y, bool accumulate)
        where T : unmanaged
        where TE : struct, IElem<T>
    {
        var scale = default(TE).Load(default(TE).Store(1.0 / (1.0 - p)));
        var k = dev.Load<ArrayView<T>, ArrayView<T>, RngStream, ulong, float, double, int>(NormKernels.Dropout<T, TE>);
        IlgpuDevice.Launch(x.Numel, k, V<T>(x), V<T>(y), rng, offset, (float)p, scale, accumulate ? 1 : 0);
    }
}
