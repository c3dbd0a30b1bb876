// Rotation into and out of the edge frame with m-truncation (paper-spec 3.6; FORK SO3_Rotation.rotate/rotate_inv).
// wigner: [E, W] per edge, per degree l = 0..L, the kept rows m' = -min(l,M)..min(l,M) of D^l(R_e) over all 2l+1
// columns, row-major (the layout of EdgeWigner.Blocks; W = 235 for L6 M2). Block-diagonal, so per channel the work
// is sum_l rows_l (2l+1) multiply-adds instead of a dense 29 x 49 product.
//   rotate:     y[e, r(l,m'), c] = sum_m D^l[m', m] x[e, (l,m), c]              x [E, (L+1)^2, C] -> y [E, Kr, C]
//   rotate_inv: x[e, (l,m), c]   = S_l sum_m' D^l[m', m] y[e, r(l,m'), c]      y [E, Kr, C] -> x [E, (L+1)^2, C]
// with S_l = sqrt((2l+1)/(2M+1)) for l > M, else 1 (RotateInvRescale), and r(l, m') the reduced l-major index.
// One block per edge; the edge's Wigner entries in shared memory (read as broadcasts), threads over channels.
// Backward: the data gradient is the transposed product; the Wigner gradient (edge vectors need it in the GAN) is a
// per-entry sum over channels, one warp per entry with a fixed shuffle tree: deterministic, no atomics.
#include "ck_common.cuh"

__device__ __forceinline__ int ck_wigner_size(int lmax, int mmax)
{
    int w = 0;
    for (int l = 0; l <= lmax; ++l)
    {
        w += ck_rows_kept(l, mmax) * ck_degree_size(l);
    }
    return w;
}

__device__ __forceinline__ float ck_rotate_inv_scale(int l, int mmax)
{
    return l > mmax ? sqrtf((float)(2 * l + 1) / (float)(2 * mmax + 1)) : 1.0f;
}

__device__ __forceinline__ void ck_load_wigner(const float* __restrict__ wigner, float* d, int e, int w)
{
    for (int i = threadIdx.x; i < w; i += blockDim.x)
    {
        d[i] = wigner[(long long)e * w + i];
    }
    __syncthreads();
}

// out[r(l,m'), c] (+)= scale_l * sum_m D[m', m] in[(l,m), c]: the "rows" product (full -> reduced).
__device__ __forceinline__ void ck_apply_rows(
    const float* d, const float* __restrict__ in, float* __restrict__ out, int lmax, int mmax, int channels,
    bool inv_scale, bool accumulate)
{
    for (int c = threadIdx.x; c < channels; c += blockDim.x)
    {
        int off = 0;
        int r0 = 0;
        for (int l = 0; l <= lmax; ++l)
        {
            const int n = ck_degree_size(l);
            const int rows = ck_rows_kept(l, mmax);
            const float scale = inv_scale ? ck_rotate_inv_scale(l, mmax) : 1.0f;
            for (int r = 0; r < rows; ++r)
            {
                float acc = 0.0f;
                for (int j = 0; j < n; ++j)
                {
                    acc += d[off + r * n + j] * in[(long long)(l * l + j) * channels + c];
                }
                const long long o = (long long)(r0 + r) * channels + c;
                out[o] = accumulate ? out[o] + scale * acc : scale * acc;
            }
            off += rows * n;
            r0 += rows;
        }
    }
}

// out[(l,m), c] (+)= scale_l * sum_m' D[m', m] in[r(l,m'), c]: the "columns" product (reduced -> full).
__device__ __forceinline__ void ck_apply_cols(
    const float* d, const float* __restrict__ in, float* __restrict__ out, int lmax, int mmax, int channels,
    bool inv_scale, bool accumulate)
{
    for (int c = threadIdx.x; c < channels; c += blockDim.x)
    {
        int off = 0;
        int r0 = 0;
        for (int l = 0; l <= lmax; ++l)
        {
            const int n = ck_degree_size(l);
            const int rows = ck_rows_kept(l, mmax);
            const float scale = inv_scale ? ck_rotate_inv_scale(l, mmax) : 1.0f;
            for (int j = 0; j < n; ++j)
            {
                float acc = 0.0f;
                for (int r = 0; r < rows; ++r)
                {
                    acc += d[off + r * n + j] * in[(long long)(r0 + r) * channels + c];
                }
                const long long o = (long long)(l * l + j) * channels + c;
                out[o] = accumulate ? out[o] + scale * acc : scale * acc;
            }
            off += rows * n;
            r0 += rows;
        }
    }
}

// dwigner[e, (l, r, j)] += scale_l * sum_c reduced[r(l,r), c] * full[(l,j), c]; one warp per entry.
__device__ __forceinline__ void ck_wigner_grad(
    const float* __restrict__ reduced, const float* __restrict__ full, float* __restrict__ dw,
    int lmax, int mmax, int channels, bool inv_scale)
{
    const int lane = threadIdx.x & 31;
    const int warps = blockDim.x >> 5;
    int off = 0;
    int r0 = 0;
    for (int l = 0; l <= lmax; ++l)
    {
        const int n = ck_degree_size(l);
        const int rows = ck_rows_kept(l, mmax);
        const float scale = inv_scale ? ck_rotate_inv_scale(l, mmax) : 1.0f;
        for (int q = threadIdx.x >> 5; q < rows * n; q += warps)
        {
            const int r = q / n;
            const int j = q % n;
            float acc = 0.0f;
            for (int c = lane; c < channels; c += 32)
            {
                acc += reduced[(long long)(r0 + r) * channels + c] * full[(long long)(l * l + j) * channels + c];
            }
            acc = ck_warp_sum(acc);
            if (lane == 0)
            {
                dw[off + q] += scale * acc;
            }
        }
        off += rows * n;
        r0 += rows;
    }
}

// x: [E, (L+1)^2, C] -> y: [E, Kr, C]. Dynamic shared memory: W floats.
extern "C" __global__ void ck_wigner_rotate_fwd(
    const float* __restrict__ x, const float* __restrict__ wigner, float* __restrict__ y,
    int edges, int lmax, int mmax, int channels)
{
    extern __shared__ float d[];
    const int e = blockIdx.x;
    if (e >= edges)
    {
        return;
    }
    const int w = ck_wigner_size(lmax, mmax);
    const int k = (lmax + 1) * (lmax + 1);
    int kr = 0;
    for (int l = 0; l <= lmax; ++l) kr += ck_rows_kept(l, mmax);
    ck_load_wigner(wigner, d, e, w);
    ck_apply_rows(d, x + (long long)e * k * channels, y + (long long)e * kr * channels, lmax, mmax, channels, false, false);
}

// dx += D^T dy (full <- reduced); dwigner (optional, may be null) += dy x^T on the kept blocks.
extern "C" __global__ void ck_wigner_rotate_bwd(
    const float* __restrict__ x, const float* __restrict__ wigner, const float* __restrict__ dy,
    float* __restrict__ dx, float* __restrict__ dwigner, int edges, int lmax, int mmax, int channels)
{
    extern __shared__ float d[];
    const int e = blockIdx.x;
    if (e >= edges)
    {
        return;
    }
    const int w = ck_wigner_size(lmax, mmax);
    const int k = (lmax + 1) * (lmax + 1);
    int kr = 0;
    for (int l = 0; l <= lmax; ++l) kr += ck_rows_kept(l, mmax);
    ck_load_wigner(wigner, d, e, w);
    const float* dye = dy + (long long)e * kr * channels;
    const float* xe = x + (long long)e * k * channels;
    ck_apply_cols(d, dye, dx + (long long)e * k * channels, lmax, mmax, channels, false, true);
    if (dwigner != 0)
    {
        ck_wigner_grad(dye, xe, dwigner + (long long)e * w, lmax, mmax, channels, false);
    }
}

// y: [E, Kr, C] -> x: [E, (L+1)^2, C], with the per-degree rescale.
extern "C" __global__ void ck_wigner_rotate_inv_fwd(
    const float* __restrict__ y, const float* __restrict__ wigner, float* __restrict__ x,
    int edges, int lmax, int mmax, int channels)
{
    extern __shared__ float d[];
    const int e = blockIdx.x;
    if (e >= edges)
    {
        return;
    }
    const int w = ck_wigner_size(lmax, mmax);
    const int k = (lmax + 1) * (lmax + 1);
    int kr = 0;
    for (int l = 0; l <= lmax; ++l) kr += ck_rows_kept(l, mmax);
    ck_load_wigner(wigner, d, e, w);
    ck_apply_cols(d, y + (long long)e * kr * channels, x + (long long)e * k * channels, lmax, mmax, channels, true, false);
}

// dy += S D dx (reduced <- full); dwigner (optional) += S y dx^T on the kept blocks.
extern "C" __global__ void ck_wigner_rotate_inv_bwd(
    const float* __restrict__ y, const float* __restrict__ wigner, const float* __restrict__ dx,
    float* __restrict__ dy, float* __restrict__ dwigner, int edges, int lmax, int mmax, int channels)
{
    extern __shared__ float d[];
    const int e = blockIdx.x;
    if (e >= edges)
    {
        return;
    }
    const int w = ck_wigner_size(lmax, mmax);
    const int k = (lmax + 1) * (lmax + 1);
    int kr = 0;
    for (int l = 0; l <= lmax; ++l) kr += ck_rows_kept(l, mmax);
    ck_load_wigner(wigner, d, e, w);
    const float* ye = y + (long long)e * kr * channels;
    const float* dxe = dx + (long long)e * k * channels;
    ck_apply_rows(d, dxe, dy + (long long)e * kr * channels, lmax, mmax, channels, true, true);
    if (dwigner != 0)
    {
        ck_wigner_grad(ye, dxe, dwigner + (long long)e * w, lmax, mmax, channels, true);
    }
}
