using CrystalKernels.Native.Runtime;

namespace CrystalKernels.Native.Kernels;

/// <summary>native/segment_softmax.cu: softmax per CSR segment and column; GPU twin of Op.SegmentSoftmax.</summary>
public sealed class SegmentSoftmaxKernel(KernelLibrary library)
{
    public const string Source = "segment_softmax.cu";

    /// <summary>x, y: [edges, columns]; rowPtr: [segments + 1].</summary>
    public void Forward(DeviceBuffer<float> x, DeviceBuffer<int> rowPtr, DeviceBuffer<float> y, int columns, CudaStream? stream = null)
    {
        var (segments, edges) = Check(x, rowPtr, columns);
        Launch.Length(nameof(SegmentSoftmaxKernel), "y", y, (long)edges * columns);
        library.Function(Source, "ck_segment_softmax_fwd").Launch(
            Launch.Grid((long)segments * columns), new Dim3(Launch.Threads), 0, stream,
            x.Pointer, rowPtr.Pointer, y.Pointer, segments, columns);
    }

    /// <summary>dx += y ⊙ (dy − Σ_segment dy ⊙ y).</summary>
    public void Backward(DeviceBuffer<float> y, DeviceBuffer<float> dy, DeviceBuffer<int> rowPtr, DeviceBuffer<float> dx, int columns, CudaStream? stream = null)
    {
        var (segments, edges) = Check(y, rowPtr, columns);
        Launch.Length(nameof(SegmentSoftmaxKernel), "dy", dy, (long)edges * columns);
        Launch.Length(nameof(SegmentSoftmaxKernel), "dx", dx, (long)edges * columns);
        library.Function(Source, "ck_segment_softmax_bwd").Launch(
            Launch.Grid((long)segments * columns), new Dim3(Launch.Threads), 0, stream,
            y.Pointer, dy.Pointer, rowPtr.Pointer, dx.Pointer, segments, columns);
    }

    private static (int Segments, int Edges) Check(DeviceBuffer<float> x, DeviceBuffer<int> rowPtr, int columns)
    {
        if (columns <= 0 || rowPtr.Length < 1 || x.Length % columns != 0)
        {
            throw new ArgumentException($"{nameof(SegmentSoftmaxKernel)}: x has {x.Length} elements, not a multiple of {columns} columns, or rowPtr is empty");
        }

        return ((int)rowPtr.Length - 1, (int)(x.Length / columns));
    }
}
