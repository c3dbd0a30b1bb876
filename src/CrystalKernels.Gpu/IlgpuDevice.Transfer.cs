using CrystalKernels.Gpu.Kernels;
using CrystalKernels.Tensors;
using CrystalKernels.Tensors.Backends.Cpu;
using ILGPU;
using ILGPU.Runtime;

namespace CrystalKernels.Gpu;

/// <summary>Fills and copies: host to device, device to host and device to device (same dtype; no conversion here).</summary>
public sealed partial class IlgpuDevice
{
    /// <summary>Sets every element (Tensor.Fill of a tensor on this device, e.g. the loss seed of Tape.Backward).</summary>
    public override void Fill(Tensor t, double value)
    {
        var s = Own(t, "Fill");
        switch (s.DType)
        {
            case DType.Float32: Launch(s.Numel, Load<ArrayView<float>, double>(FillKernels.Fill<float, F32>), s.View<float>(), value); break;
            case DType.Float64: Launch(s.Numel, Load<ArrayView<double>, double>(FillKernels.Fill<double, F64>), s.View<double>(), value); break;
            default: Launch(s.Numel, Load<ArrayView<int>, double>(FillKernels.Fill<int, I32>), s.View<int>(), value); break;
        }
    }

    /// <summary>dst = src where either lives on this device; CPU tensors are read or written through their spans.</summary>
    public override void Copy(Tensor src, Tensor dst)
    {
        ShapeMismatchException.Require(src.DType == dst.DType, "CopyFrom", $"cannot copy {src.Describe()} into {dst.Describe()} across devices with a dtype change");
        ShapeMismatchException.Require(src.Numel == dst.Numel, "CopyFrom", $"numel differs: {src.Describe()} into {dst.Describe()}");
        switch (src.DType)
        {
            case DType.Float32: Copy<float>(src, dst); break;
            case DType.Float64: Copy<double>(src, dst); break;
            default: Copy<int>(src, dst); break;
        }
    }

    /// <summary>A new tensor on this device holding <paramref name="host"/>'s values (long-lived, or from the tape's arena).</summary>
    public Tensor Upload(Tensor host, Tensors.Autograd.Tape? tape = null)
    {
        var t = Tensor.Empty(host.Shape, host.DType, this, tape);
        t.CopyFrom(host);
        return t;
    }

    /// <summary>A CPU copy of a tensor on this device (waits for queued kernels).</summary>
    public static Tensor Download(Tensor t)
    {
        var h = Tensor.Empty(t.Shape, t.DType, CpuDevice.Instance);
        h.CopyFrom(t);
        return h;
    }

    /// <summary>
    /// A small int array (kernel metadata such as permute dims and strides) uploaded once per distinct content and
    /// kept for the device's lifetime: a training loop meets few distinct shapes, and reuse needs no synchronisation.
    /// </summary>
    internal ArrayView<int> Constant(int[] data)
    {
        var key = string.Join(',', data);
        var s = constants.GetOrAdd(key, _ =>
        {
            var t = (IlgpuStorage)Allocate(DType.Int32, data.Length, zero: false);
            ArrayView1D<int, Stride1D.Dense> v = t.View<int>();
            v.CopyFromCPU(Accelerator.DefaultStream, (ReadOnlySpan<int>)data);
            Accelerator.DefaultStream.Synchronize();
            return t;
        });
        return s.View<int>();
    }

    /// <summary>
    /// Data-dependent ints (a CSR built on the host) in a pooled buffer; the device is synchronised first, so no
    /// queued kernel still reads the buffer's previous contents. Give it back with <see cref="Return"/>.
    /// </summary>
    internal IlgpuStorage UploadScratch(ReadOnlySpan<int> data)
    {
        Accelerator.Synchronize();
        var s = (IlgpuStorage)Rent(DType.Int32, Math.Max(1, data.Length), zero: false);
        if (data.Length > 0)
        {
            ArrayView1D<int, Stride1D.Dense> v = s.View<int>().SubView(0, data.Length);
            v.CopyFromCPU(Accelerator.DefaultStream, data);
            Accelerator.DefaultStream.Synchronize();
        }

        return s;
    }

    internal void ZeroFill(IlgpuStorage s) => ((ArrayView1D<byte, Stride1D.Dense>)s.Buffer.AsRawArrayView().SubView(0, s.Bytes)).MemSetToZero();

    internal IlgpuStorage Own(Tensor t, string op)
    {
        t.Storage.ThrowIfReleased(t.Name);
        if (t.Storage is not IlgpuStorage s || !ReferenceEquals(s.Device, this))
        {
            throw new InvalidOperationException($"{op}: tensor {t.Describe()} lives on {t.Device}, not on {Name}");
        }

        return s;
    }

    private void Copy<T>(Tensor src, Tensor dst) where T : unmanaged
    {
        if (src.Numel == 0)
        {
            return;
        }

        var srcDev = src.Storage as IlgpuStorage;
        var dstDev = dst.Storage as IlgpuStorage;
        if (srcDev is not null && dstDev is not null)
        {
            Own(src, "CopyFrom").View<T>().CopyTo(Own(dst, "CopyFrom").View<T>());
        }
        else if (dstDev is not null)
        {
            ArrayView1D<T, Stride1D.Dense> d = Own(dst, "CopyFrom").View<T>();
            d.CopyFromCPU(Accelerator.DefaultStream, (ReadOnlySpan<T>)src.Span<T>());
        }
        else
        {
            ArrayView1D<T, Stride1D.Dense> s = Own(src, "CopyFrom").View<T>();
            Accelerator.Synchronize();
            s.CopyToCPU(Accelerator.DefaultStream, dst.Span<T>());
        }

        Accelerator.DefaultStream.Synchronize();
    }
}
