using CrystalKernels.Tensors;
using CrystalKernels.Tensors.Kernels;
using ILGPU;
using ILGPU.Runtime;
using ILGPU.Runtime.CPU;
using ILGPU.Runtime.Cuda;

namespace CrystalKernels.Gpu;

/// <summary>
/// A device backed by one ILGPU accelerator: the first CUDA GPU, or ILGPU's CPU accelerator (the same kernels, run on
/// the host, so CI tests the GPU code path without a GPU). It owns the ILGPU Context and Accelerator, a size-class pool
/// of buffers for step memory, and the ILGPU backend. Dispose it to free all device memory.
/// </summary>
public sealed partial class IlgpuDevice : CrystalKernels.Tensors.Device, IDisposable
{
    private readonly Context context;
    private readonly Dictionary<(DType, long), Stack<MemoryBuffer>> pool = [];
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, IlgpuStorage> constants = new();
    private readonly object gate = new();
    private bool disposed;

    private IlgpuDevice(Context context, Accelerator accelerator, string name)
    {
        this.context = context;
        Accelerator = accelerator;
        Name = name;
        Backend = new IlgpuBackend(this);
    }

    public override string Name { get; }

    public override IBackend Backend { get; }

    public Accelerator Accelerator { get; }

    public bool IsCuda => Accelerator.AcceleratorType == AcceleratorType.Cuda;

    /// <summary>ILGPU's CPU accelerator (kernels run on host threads): the CI twin of the CUDA device.</summary>
    public static IlgpuDevice CreateCpu()
    {
        var ctx = Context.Create(b => b.CPU(CPUDeviceKind.Default).EnableAlgorithms());
        return new IlgpuDevice(ctx, ctx.CreateCPUAccelerator(0), "ilgpu-cpu");
    }

    /// <summary>The first CUDA device; throws <see cref="CudaUnavailableException"/> when ILGPU lists none.</summary>
    public static IlgpuDevice CreateCuda()
    {
        var why = WhyCudaUnavailable();
        if (why is not null)
        {
            throw new CudaUnavailableException(why);
        }

        var ctx = Context.Create(b => b.Cuda().EnableAlgorithms());
        if (ctx.GetCudaDevices().Count == 0)
        {
            ctx.Dispose();
            throw new CudaUnavailableException("no CUDA device");
        }

        var acc = ctx.CreateCudaAccelerator(0);
        return new IlgpuDevice(ctx, acc, $"ilgpu-cuda:{acc.Name}");
    }

    /// <summary>
    /// Null when a CUDA device exists, else the reason. ILGPU's device query swallows driver errors (no libcuda, no
    /// GPU), so "no devices listed" is the one reliable signal (toolchain.md section 4).
    /// </summary>
    public static string? WhyCudaUnavailable()
    {
        using var ctx = Context.Create(b => b.Cuda());
        return ctx.GetCudaDevices().Count == 0 ? "no CUDA device" : null;
    }

    /// <summary>
    /// A long-lived buffer. The device keeps no list of them (a no-tape tensor dropped by its owner must not pin device
    /// memory): free one at once with <see cref="IlgpuStorage.Dispose"/>; the accelerator frees the rest when the device
    /// is disposed. Step memory comes from <see cref="Rent"/> through the tape's arena.
    /// </summary>
    public override Storage Allocate(DType dtype, long numel, bool zero) =>
        Wrap(dtype, numel, NewBuffer(dtype, Math.Max(1, numel)), zero);

    public override Storage Rent(DType dtype, long numel, bool zero)
    {
        var cls = SizeClass(numel);
        MemoryBuffer? buf = null;
        lock (gate)
        {
            if (pool.TryGetValue((dtype, cls), out var stack) && stack.Count > 0)
            {
                buf = stack.Pop();
            }
        }

        buf ??= NewBuffer(dtype, cls);
        return Wrap(dtype, numel, buf, zero);
    }

    public override void Return(Storage storage)
    {
        var s = (IlgpuStorage)storage;
        CountFree(s.Bytes);
        lock (gate)
        {
            var key = (s.DType, s.Buffer.Length);
            if (!pool.TryGetValue(key, out var stack))
            {
                pool[key] = stack = new Stack<MemoryBuffer>();
            }

            stack.Push(s.Buffer);
        }
    }

    internal void Free(IlgpuStorage s)
    {
        // Queued kernels may still read the buffer.
        Accelerator.Synchronize();
        s.Buffer.Dispose();
        CountFree(s.Bytes);
    }

    /// <summary>Waits for every queued kernel and copy.</summary>
    public void Synchronize() => Accelerator.Synchronize();

    public void Dispose()
    {
        if (disposed)
        {
            return;
        }

        disposed = true;
        Accelerator.Synchronize();
        lock (gate)
        {
            foreach (var stack in pool.Values)
            {
                foreach (var b in stack)
                {
                    b.Dispose();
                }
            }

            pool.Clear();
        }

        foreach (var c in constants.Values)
        {
            c.Buffer.Dispose();
        }

        // Disposing the accelerator frees every buffer it still owns (the long-lived ones included).
        Accelerator.Dispose();
        context.Dispose();
    }

    /// <summary>Rounds up to a size class with at most 12.5 % waste (as the CPU pool), so varying shapes reuse buffers.</summary>
    internal static long SizeClass(long n)
    {
        if (n <= 64)
        {
            return 64;
        }

        var step = 1L << (int)Math.Max(0, 63 - long.LeadingZeroCount(n) - 3);
        return (n + step - 1) / step * step;
    }

    private MemoryBuffer NewBuffer(DType dtype, long length)
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        return dtype switch
        {
            DType.Float32 => Accelerator.Allocate1D<float>(length),
            DType.Float64 => Accelerator.Allocate1D<double>(length),
            _ => Accelerator.Allocate1D<int>(length),
        };
    }

    private IlgpuStorage Wrap(DType dtype, long numel, MemoryBuffer buf, bool zero)
    {
        var s = new IlgpuStorage(this, dtype, numel, buf);
        if (zero && numel > 0)
        {
            ZeroFill(s);
        }

        CountAlloc(numel * dtype.SizeInBytes());
        return s;
    }
}
