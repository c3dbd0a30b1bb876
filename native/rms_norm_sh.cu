// Equivariant RMS norm 'rms_norm_sh' (paper-spec 3.14; FORK EquivariantRMSNormArraySphericalHarmonicsV2), per node
// on x [N, (L+1)^2, C], float32:
//   x'   = x with row 0 centred over channels (x[n,0,:] - mean_c x[n,0,:])
//   ms   = mean_c sum_l w_l sum_m x'[n,(l,m),c]^2,  w_l = 1 / ((L+1)(2l+1))   (each degree weighted equally)
//   s    = 1 / sqrt(ms + eps)                                                  (one scalar per node)
//   y    = x' * s * gamma[l, c];  y[n,0,c] += beta[c]
// One block per node, threads over channels (channels innermost, so warps read contiguous rows). All reductions are
// block sums in a fixed order: deterministic, no atomics.
#include "ck_common.cuh"

__device__ __forceinline__ float ck_rms_weight(int l, int lmax)
{
    return 1.0f / ((float)(lmax + 1) * (float)(2 * l + 1));
}

// Per-node centring mean of row 0 and the scale s, computed identically by the forward and the backward.
__device__ __forceinline__ void ck_rms_stats(
    const float* __restrict__ xn, int lmax, int channels, float eps, float* scratch, float* mean_out, float* s_out)
{
    float a = 0.0f;
    for (int c = threadIdx.x; c < channels; c += blockDim.x)
    {
        a += xn[c];
    }
    const float mean = ck_block_sum(a, scratch) / (float)channels;
    float q = 0.0f;
    for (int c = threadIdx.x; c < channels; c += blockDim.x)
    {
        for (int l = 0; l <= lmax; ++l)
        {
            float sl = 0.0f;
            for (int i = l * l; i < (l + 1) * (l + 1); ++i)
            {
                const float v = xn[(long long)i * channels + c] - (i == 0 ? mean : 0.0f);
                sl += v * v;
            }
            q += ck_rms_weight(l, lmax) * sl;
        }
    }
    const float ms = ck_block_sum(q, scratch) / (float)channels;
    *mean_out = mean;
    *s_out = 1.0f / sqrtf(ms + eps);
}

// x, y: [nodes, (lmax+1)^2, channels]; gamma: [lmax+1, channels]; beta: [channels].
extern "C" __global__ void ck_rms_norm_sh_fwd(
    const float* __restrict__ x, const float* __restrict__ gamma, const float* __restrict__ beta,
    float* __restrict__ y, int nodes, int lmax, int channels, float eps)
{
    __shared__ float scratch[32];
    const int n = blockIdx.x;
    if (n >= nodes)
    {
        return;
    }
    const int k = (lmax + 1) * (lmax + 1);
    const float* xn = x + (long long)n * k * channels;
    float* yn = y + (long long)n * k * channels;
    float mean, s;
    ck_rms_stats(xn, lmax, channels, eps, scratch, &mean, &s);
    for (int c = threadIdx.x; c < channels; c += blockDim.x)
    {
        for (int l = 0; l <= lmax; ++l)
        {
            const float g = gamma[l * channels + c] * s;
            for (int i = l * l; i < (l + 1) * (l + 1); ++i)
            {
                const long long o = (long long)i * channels + c;
                float v = (xn[o] - (i == 0 ? mean : 0.0f)) * g;
                if (i == 0)
                {
                    v += beta[c];
                }
                yn[o] = v;
            }
        }
    }
}

// dx += d/dx of sum(dy * y). With g = dy * gamma and A = sum over (l, m, c) of g * x':
//   dx'[l,m,c] = s g - (s^3 w_l / C) x' A;   dx = dx' except row 0: dx[0,c] = dx'[0,c] - mean_c dx'[0,:].
// Also writes stats[n] = (mean, s) for ck_rms_norm_sh_bwd_params.
extern "C" __global__ void ck_rms_norm_sh_bwd_x(
    const float* __restrict__ x, const float* __restrict__ gamma, const float* __restrict__ dy,
    float* __restrict__ dx, float* __restrict__ stats, int nodes, int lmax, int channels, float eps)
{
    __shared__ float scratch[32];
    const int n = blockIdx.x;
    if (n >= nodes)
    {
        return;
    }
    const int k = (lmax + 1) * (lmax + 1);
    const long long base = (long long)n * k * channels;
    const float* xn = x + base;
    const float* dyn = dy + base;
    float* dxn = dx + base;
    float mean, s;
    ck_rms_stats(xn, lmax, channels, eps, scratch, &mean, &s);
    if (threadIdx.x == 0)
    {
        stats[2 * n] = mean;
        stats[2 * n + 1] = s;
    }

    float a = 0.0f;
    for (int c = threadIdx.x; c < channels; c += blockDim.x)
    {
        for (int l = 0; l <= lmax; ++l)
        {
            const float gl = gamma[l * channels + c];
            for (int i = l * l; i < (l + 1) * (l + 1); ++i)
            {
                const long long o = (long long)i * channels + c;
                a += dyn[o] * gl * (xn[o] - (i == 0 ? mean : 0.0f));
            }
        }
    }
    const float total = ck_block_sum(a, scratch);
    const float s3 = s * s * s / (float)channels;

    // Row 0 needs the channel mean of its dx' before anything is written.
    float b = 0.0f;
    for (int c = threadIdx.x; c < channels; c += blockDim.x)
    {
        b += s * dyn[c] * gamma[c] - s3 * ck_rms_weight(0, lmax) * (xn[c] - mean) * total;
    }
    const float mean0 = ck_block_sum(b, scratch) / (float)channels;

    for (int c = threadIdx.x; c < channels; c += blockDim.x)
    {
        for (int l = 0; l <= lmax; ++l)
        {
            const float gl = gamma[l * channels + c];
            const float wl = ck_rms_weight(l, lmax);
            for (int i = l * l; i < (l + 1) * (l + 1); ++i)
            {
                const long long o = (long long)i * channels + c;
                const float xp = xn[o] - (i == 0 ? mean : 0.0f);
                float d = s * dyn[o] * gl - s3 * wl * xp * total;
                if (i == 0)
                {
                    d -= mean0;
                }
                dxn[o] += d;
            }
        }
    }
}

// dgamma[l, c] += sum_n s_n sum_m dy * x';  dbeta[c] += sum_n dy[n, 0, c]. One thread per (l, c), nodes in order:
// deterministic without atomics (the reduction over nodes is serial per output).
extern "C" __global__ void ck_rms_norm_sh_bwd_params(
    const float* __restrict__ x, const float* __restrict__ dy, const float* __restrict__ stats,
    float* __restrict__ dgamma, float* __restrict__ dbeta, int nodes, int lmax, int channels)
{
    const int t = blockIdx.x * blockDim.x + threadIdx.x;
    if (t >= (lmax + 1) * channels)
    {
        return;
    }
    const int l = t / channels;
    const int c = t % channels;
    const int k = (lmax + 1) * (lmax + 1);
    float g = 0.0f;
    float b = 0.0f;
    for (int n = 0; n < nodes; ++n)
    {
        const long long base = (long long)n * k * channels;
        const float mean = stats[2 * n];
        const float s = stats[2 * n + 1];
        float acc = 0.0f;
        for (int i = l * l; i < (l + 1) * (l + 1); ++i)
        {
            const long long o = base + (long long)i * channels + c;
            acc += dy[o] * (x[o] - (i == 0 ? mean : 0.0f));
        }
        g += s * acc;
        if (l == 0)
        {
            b += dy[base + c];
        }
    }
    dgamma[t] += g;
    if (l == 0)
    {
        dbeta[c] += b;
    }
}
