// Separable S2 activation with SiLU (paper-spec 3.11-3.12; FORK SeparableS2Activation), fused so the grid values of
// a row never leave the chip. Per row r and channel c, with the grid matrices T, F [P, Kr] row-major (S2Grid.ToGrid /
// FromGrid rounded to float32, as S2GridMatrices<float> does) and x [R, Kr, C] in the reduced l-major layout:
//   G[p]       = sum_i T[p, i] x[r, i, c]                      (to grid)
//   y[r, i, c] = sum_p F[p, i] SiLU(G[p])    for i >= 1        (back; the grid result for coefficient 0 is discarded)
//   y[r, 0, c] = SiLU(scalars[r, c])                           (the l = 0 channel takes its own gated path)
// CPU twin: EqOp.SeparableS2Silu (S2GridSeparableSilu.cs).
// Grid (rows, ceil(C / blockDim.x)), threads over channels. A thread owns one channel of one row, so its coefficient
// column and accumulators live in its own column of shared memory (tile[i * blockDim.x + threadIdx.x]): no barriers,
// no local-memory spills for the runtime-sized Kr loop, bank-conflict free. T and F are read at addresses uniform
// across the block (broadcast loads that stay in L1). Every sum runs in a fixed order: deterministic, no atomics.
#include "ck_common.cuh"

__device__ __forceinline__ float ck_sigmoid(float v)
{
    return 1.0f / (1.0f + expf(-v));
}

// d(v sigma(v))/dv = sigma (1 + v (1 - sigma)), the form the CPU backward uses.
__device__ __forceinline__ float ck_silu_grad(float v, float sigma)
{
    return sigma * (1.0f + v * (1.0f - sigma));
}

// G[p] for this thread's channel: the to-grid row p dotted with the staged coefficients (column stride w).
__device__ __forceinline__ float ck_s2_to_grid(const float* __restrict__ to_grid, const float* xs, int p, int kr, int w)
{
    const float* tp = to_grid + (long long)p * kr;
    float g = 0.0f;
    for (int i = 0; i < kr; ++i)
    {
        g += tp[i] * xs[i * w];
    }
    return g;
}

// scalars: [R, C]; x, y: [R, Kr, C]; to_grid, from_grid: [P, Kr]. Dynamic shared memory: 2 Kr blockDim.x floats.
extern "C" __global__ void ck_s2_activation_fwd(
    const float* __restrict__ scalars, const float* __restrict__ x, const float* __restrict__ to_grid,
    const float* __restrict__ from_grid, float* __restrict__ y, int rows, int kr, int points, int channels)
{
    extern __shared__ float tile[];
    const int r = blockIdx.x;
    const int c = blockIdx.y * blockDim.x + threadIdx.x;
    if (r >= rows || c >= channels)
    {
        return;
    }
    const int w = blockDim.x;
    float* xs = tile + threadIdx.x;
    float* acc = tile + kr * w + threadIdx.x;
    const long long base = (long long)r * kr * channels + c;
    for (int i = 0; i < kr; ++i)
    {
        xs[i * w] = x[base + (long long)i * channels];
        acc[i * w] = 0.0f;
    }
    for (int p = 0; p < points; ++p)
    {
        const float g = ck_s2_to_grid(to_grid, xs, p, kr, w);
        const float s = g * ck_sigmoid(g);
        const float* fp = from_grid + (long long)p * kr;
        for (int i = 1; i < kr; ++i)
        {
            acc[i * w] += fp[i] * s;
        }
    }
    const float s0 = scalars[(long long)r * channels + c];
    y[base] = s0 * ck_sigmoid(s0);
    for (int i = 1; i < kr; ++i)
    {
        y[base + (long long)i * channels] = acc[i * w];
    }
}

// dscalars (may be null) += dy[:, 0, :] SiLU'(scalars); dx (may be null) += T^T (SiLU'(G) (F[:, 1..] dy[1..])), with G
// recomputed from x (the forward keeps nothing). Dynamic shared memory: 3 Kr blockDim.x floats.
extern "C" __global__ void ck_s2_activation_bwd(
    const float* __restrict__ scalars, const float* __restrict__ x, const float* __restrict__ to_grid,
    const float* __restrict__ from_grid, const float* __restrict__ dy, float* __restrict__ dscalars,
    float* __restrict__ dx, int rows, int kr, int points, int channels)
{
    extern __shared__ float tile[];
    const int r = blockIdx.x;
    const int c = blockIdx.y * blockDim.x + threadIdx.x;
    if (r >= rows || c >= channels)
    {
        return;
    }
    const long long base = (long long)r * kr * channels + c;
    if (dscalars != 0)
    {
        const long long o = (long long)r * channels + c;
        const float s0 = scalars[o];
        dscalars[o] += dy[base] * ck_silu_grad(s0, ck_sigmoid(s0));
    }
    if (dx == 0)
    {
        return;
    }

    const int w = blockDim.x;
    float* xs = tile + threadIdx.x;
    float* dys = tile + kr * w + threadIdx.x;
    float* acc = tile + 2 * kr * w + threadIdx.x;
    for (int i = 0; i < kr; ++i)
    {
        xs[i * w] = x[base + (long long)i * channels];
        dys[i * w] = i == 0 ? 0.0f : dy[base + (long long)i * channels];
        acc[i * w] = 0.0f;
    }
    for (int p = 0; p < points; ++p)
    {
        const float g = ck_s2_to_grid(to_grid, xs, p, kr, w);
        const float* fp = from_grid + (long long)p * kr;
        float d = 0.0f;
        for (int i = 1; i < kr; ++i)
        {
            d += fp[i] * dys[i * w];
        }
        const float dg = d * ck_silu_grad(g, ck_sigmoid(g));
        const float* tp = to_grid + (long long)p * kr;
        for (int i = 0; i < kr; ++i)
        {
            acc[i * w] += tp[i] * dg;
        }
    }
    for (int i = 0; i < kr; ++i)
    {
        dx[base + (long long)i * channels] += acc[i * w];
    }
}
