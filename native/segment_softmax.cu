// Segment softmax over destination-sorted CSR segments, per column (attention head). Twin of the CPU
// Op.SegmentSoftmax (CpuGraphKernels.Segment.cs): max, sum of exp(x - max), then multiply by 1/sum.
// One thread per (segment, column): each output is written by exactly one thread, the reduction order is the edge
// order, so the result is deterministic without atomics. Segments have tens of edges (<= ~74 at 5 A), so a
// per-thread serial loop is short; columns are adjacent threads, which keeps the row reads coalesced.
#include "ck_common.cuh"

// x, y: [E, h] row-major; row_ptr: [segments + 1], row_ptr[0] = 0, row_ptr[segments] = E.
extern "C" __global__ void ck_segment_softmax_fwd(
    const float* __restrict__ x, const int* __restrict__ row_ptr, float* __restrict__ y, int segments, int h)
{
    const long long t = (long long)blockIdx.x * blockDim.x + threadIdx.x;
    if (t >= (long long)segments * h)
    {
        return;
    }
    const int s = (int)(t / h);
    const int c = (int)(t % h);
    const int e0 = row_ptr[s];
    const int e1 = row_ptr[s + 1];
    if (e0 == e1)
    {
        return;
    }
    float m = x[(long long)e0 * h + c];
    for (int e = e0 + 1; e < e1; ++e)
    {
        m = fmaxf(m, x[(long long)e * h + c]);
    }
    float sum = 0.0f;
    for (int e = e0; e < e1; ++e)
    {
        const long long i = (long long)e * h + c;
        const float v = expf(x[i] - m);
        y[i] = v;
        sum += v;
    }
    const float r = 1.0f / sum;
    for (int e = e0; e < e1; ++e)
    {
        y[(long long)e * h + c] *= r;
    }
}

// dx += y * (dy - sum over the segment of dy * y), per column. Accumulates, as every backward on the tape does.
extern "C" __global__ void ck_segment_softmax_bwd(
    const float* __restrict__ y, const float* __restrict__ dy, const int* __restrict__ row_ptr,
    float* __restrict__ dx, int segments, int h)
{
    const long long t = (long long)blockIdx.x * blockDim.x + threadIdx.x;
    if (t >= (long long)segments * h)
    {
        return;
    }
    const int s = (int)(t / h);
    const int c = (int)(t % h);
    const int e0 = row_ptr[s];
    const int e1 = row_ptr[s + 1];
    float dot = 0.0f;
    for (int e = e0; e < e1; ++e)
    {
        const long long i = (long long)e * h + c;
        dot += dy[i] * y[i];
    }
    for (int e = e0; e < e1; ++e)
    {
        const long long i = (long long)e * h + c;
        dx[i] += y[i] * (dy[i] - dot);
    }
}
