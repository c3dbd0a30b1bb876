namespace CrystalKernels.Tensors.Kernels;

/// <summary>
/// Layout kernels of one backend: copies that move elements without arithmetic (concat, slice, permute) and the
/// accumulation their backward passes need. Backward kernels accumulate (+=) into gradient tensors.
/// </summary>
public interface ILayoutKernels
{
    /// <summary>
    /// Copies a slab along <paramref name="axis"/>: dst[.., dstStart + i, ..] (= or +=) src[.., srcStart + i, ..] for
    /// i &lt; <paramref name="length"/>. src and dst have the same dims except at the axis. Concat and Slice, forward and
    /// backward, are all this one kernel.
    /// </summary>
    void CopySlab(Tensor src, int srcStart, Tensor dst, int dstStart, int axis, int length, bool accumulate);

    /// <summary>y (= or +=) x with its axes reordered: y.dims[k] = x.dims[axes[k]].</summary>
    void Permute(Tensor x, int[] axes, Tensor y, bool accumulate);

    /// <summary>dst += src element by element in storage order (same numel; shapes may differ, as after a reshape).</summary>
    void Accumulate(Tensor src, Tensor dst);
}
