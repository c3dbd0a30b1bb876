namespace CrystalKernels.Tensors.Kernels;

/// <summary>
/// Graph kernels of one backend: row gathers and scatters through an int32 index, and reductions over
/// destination-sorted CSR segments (segment i = rows rowPtr[i] .. rowPtr[i+1]). A "row" is everything after the first
/// axis. Every reduction sums in ascending row order, so results are bitwise repeatable and independent of the thread
/// count (no float atomics). Indices are validated by the ops, not here. Backward kernels accumulate (+=).
/// </summary>
public interface IGraphKernels
{
    /// <summary>y[e] (= or +=) x[index[e]] for every row e of y.</summary>
    void Gather(Tensor x, Tensor index, Tensor y, bool accumulate);

    /// <summary>
    /// y[n] (= or +=) sum over e with index[e] = n of src[e], summed in ascending e through a CSR of the index built by
    /// a stable counting sort (rows that no index hits are zero when not accumulating).
    /// </summary>
    void ScatterAdd(Tensor src, Tensor index, Tensor y, bool accumulate);

    /// <summary>y[i] = sum of src rows rowPtr[i] .. rowPtr[i+1] (zero for an empty segment).</summary>
    void SegmentSum(Tensor src, Tensor rowPtr, Tensor y);

    /// <summary>dsrc[e] += dy[i] for every row e of segment i.</summary>
    void SegmentSumBackward(Tensor dy, Tensor rowPtr, Tensor dsrc);

    /// <summary>y[e, h] = exp(x[e, h] - max) / sum over the segment of e, per column h (max-subtracted, stable).</summary>
    void SegmentSoftmax(Tensor x, Tensor rowPtr, Tensor y);

    /// <summary>dx[e, h] += y[e, h] * (dy[e, h] - sum over the segment of dy * y at column h).</summary>
    void SegmentSoftmaxBackward(Tensor y, Tensor dy, Tensor rowPtr, Tensor dx);
}
