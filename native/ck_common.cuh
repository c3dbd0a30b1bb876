// Shared device helpers for the CrystalKernels kernels. Header-only, no system includes: NVRTC compiles these
// without a CUDA toolkit (the include is resolved from the headers the loader hands to nvrtcCreateProgram).
#pragma once

// Deterministic reductions: a fixed xor-butterfly within a warp and a fixed warp order within a block, so a sum has
// the same bits on every run for a given block size (no atomics anywhere). Every lane receives the result.
__device__ __forceinline__ float ck_warp_sum(float v)
{
    for (int offset = 16; offset > 0; offset >>= 1)
    {
        v += __shfl_xor_sync(0xffffffffu, v, offset);
    }
    return v;
}

// Block-wide sum; blockDim.x must be a multiple of 32 (all lanes of every warp present). scratch: 32 floats of
// shared memory, reusable by consecutive calls (the leading barrier protects the previous call's readers).
__device__ __forceinline__ float ck_block_sum(float v, float* scratch)
{
    const int lane = threadIdx.x & 31;
    const int warp = threadIdx.x >> 5;
    const int warps = blockDim.x >> 5;
    v = ck_warp_sum(v);
    __syncthreads();
    if (lane == 0)
    {
        scratch[warp] = v;
    }
    __syncthreads();
    float t = lane < warps ? scratch[lane] : 0.0f;
    return ck_warp_sum(t);
}

// Coefficients of degree l: 2l+1 (m = -l..l), starting at full l-major index l*l.
__device__ __forceinline__ int ck_degree_size(int l) { return 2 * l + 1; }

// Rows of degree l kept by the m-truncation |m| <= mmax (paper-spec 3.3): min(2l+1, 2mmax+1).
__device__ __forceinline__ int ck_rows_kept(int l, int mmax) { return 2 * (l < mmax ? l : mmax) + 1; }
