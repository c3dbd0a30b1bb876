// Truncated Wigner-D blocks per edge straight from the edge vectors (paper-spec 3.5-3.6; CPU twin EdgeWigner.Compute,
// forward only). Per edge e with vector r (float32, only the direction matters):
//   1. x^ = r / |r|; the roll vector s from the edge's candidate set (RollCandidates.Select: s0, then s1, s2 if
//      |s.x^| > |s_k.x^| + margin; if the set has a fallback and the pick has |s.x^| >= 0.9, the same over s3, s4, s5);
//   2. z^ = n(x^ x s), y^ = n(x^ x z^), R = rows (z^, x^, -y^)                                     (EdgeFrame)
//   3. Y-X-Y Euler angles: u = R e_y, beta = acos(u_y), alpha = atan2(u_x, u_z), gamma from (Ry(a) Rx(b))^T R (EulerAngles)
//   4. D^l = X(alpha) J_l X(beta) J_l X(gamma), X(t) the sparse rotation about y (WignerD, YRotation), and only the kept
//      rows m' = -min(l,M)..min(l,M) over all 2l+1 columns are written: blocks [E, W], the layout of EdgeWigner.Blocks
//      and of wigner_rotate.cu (W = 235 for L6 M2).
// Everything is computed in double and rounded once to float32, as the CPU does: acos near the poles and the dense J
// products lose too much in float32 to match at float32 tolerance. The roll choice is a discontinuous function of
// |s.x^|, so x^ and the dots are rounded exactly like the CPU's (no FMA contraction): the same float32 input makes the
// same choice. An edge the CPU would reject gets NaN blocks and a negative branch instead of an exception.
// One warp per edge (frame and angles computed redundantly by every lane: no shuffles, no divergence), lanes over the
// kept entries; J_0..J_L (double) and each warp's cos/sin(m theta) table in shared memory.
#include "ck_common.cuh"

// Candidate set row: s0..s5 (x, y, z each; s3..s5 zero without fallback), tie margin, has_fallback (0 or 1).
#define CK_ROLL_STRIDE 20
#define CK_ROLL_FALLBACK_ALIGNMENT 0.9
#define CK_ROLL_MAX_ALIGNMENT 0.99
#define CK_EDGE_MIN_LENGTH 1e-4

// Branch codes for edges without blocks (the CPU throws for the first two).
#define CK_BRANCH_BAD_LENGTH (-1)
#define CK_BRANCH_ALIGNED (-2)
#define CK_BRANCH_BAD_SET (-3)

// |s.x^| with the CPU's evaluation order ((sx xx + sy xy) + sz xz) and IEEE rounding of every step.
__device__ __forceinline__ double ck_abs_dot_rn(const double* s, double xx, double xy, double xz)
{
    return fabs(__dadd_rn(__dadd_rn(__dmul_rn(s[0], xx), __dmul_rn(s[1], xy)), __dmul_rn(s[2], xz)));
}

// RollCandidates.Select: returns the branch (0..5) and the chosen vector in s_out, or CK_BRANCH_ALIGNED.
__device__ __forceinline__ int ck_select_roll(const double* set, double xx, double xy, double xz, const double** s_out)
{
    const double margin = set[18];
    int branch = 0;
    double best = ck_abs_dot_rn(set, xx, xy, xz);
    const int last = set[19] != 0.0 ? 5 : 2;
    for (int k = 1; k <= last; ++k)
    {
        // The fallback triple is consulted only when the pick among s0..s2 is still nearly parallel to the edge.
        if (k == 3 && best < CK_ROLL_FALLBACK_ALIGNMENT)
        {
            break;
        }
        const double other = ck_abs_dot_rn(set + 3 * k, xx, xy, xz);
        if (best > __dadd_rn(other, margin))
        {
            best = other;
            branch = k;
        }
    }
    *s_out = set + 3 * branch;
    return best < CK_ROLL_MAX_ALIGNMENT ? branch : CK_BRANCH_ALIGNED;
}

__device__ __forceinline__ void ck_normalise(double* v)
{
    const double n = sqrt(v[0] * v[0] + v[1] * v[1] + v[2] * v[2]);
    v[0] /= n;
    v[1] /= n;
    v[2] /= n;
}

__device__ __forceinline__ void ck_cross(const double* a, const double* b, double* out)
{
    out[0] = a[1] * b[2] - a[2] * b[1];
    out[1] = a[2] * b[0] - a[0] * b[2];
    out[2] = a[0] * b[1] - a[1] * b[0];
}

// Steps 1-3 for one edge: the Euler angles (alpha, beta, gamma) into angles; returns the branch or a negative code.
__device__ int ck_edge_angles(const float* __restrict__ r, const double* set, double* angles)
{
    const double rx = r[0], ry = r[1], rz = r[2];
    const double d = __dsqrt_rn(__dadd_rn(__dadd_rn(__dmul_rn(rx, rx), __dmul_rn(ry, ry)), __dmul_rn(rz, rz)));
    if (!(d >= CK_EDGE_MIN_LENGTH) || !isfinite(d))
    {
        return CK_BRANCH_BAD_LENGTH;
    }
    double x[3] = {__ddiv_rn(rx, d), __ddiv_rn(ry, d), __ddiv_rn(rz, d)};
    const double* s;
    const int branch = ck_select_roll(set, x[0], x[1], x[2], &s);
    if (branch < 0)
    {
        return branch;
    }
    double z[3], y[3];
    ck_cross(x, s, z);
    ck_normalise(z);
    ck_cross(x, z, y);
    ck_normalise(y);
    // R row-major: rows (z, x, -y). u = R e_y = column 1.
    const double r00 = z[0], r02 = z[2], r20 = -y[0], r22 = -y[2];
    double u[3] = {z[1], x[1], -y[1]};
    ck_normalise(u);
    const double beta = acos(fmin(fmax(u[1], -1.0), 1.0));
    const double alpha = atan2(u[0], u[2]);
    double sa, ca;
    sincos(alpha, &sa, &ca);
    // Row 0 of (Ry(alpha) Rx(beta))^T is (cos alpha, 0, -sin alpha); gamma is the remaining rotation about y.
    angles[0] = alpha;
    angles[1] = beta;
    angles[2] = atan2(ca * r02 - sa * r22, ca * r00 - sa * r20);
    return branch;
}

// Offset of J_l in the packed table: sum_{k<l} (2k+1)^2 = l (4 l^2 - 1) / 3.
__device__ __forceinline__ int ck_j_offset(int l)
{
    return l * (4 * l * l - 1) / 3;
}

// (J X(beta) J)[a, b] of degree l, with (J X(beta))[a, k] = cos(m_k beta) J[a, k] + sin(m_k beta) J[a, 2l - k], m_k = k - l.
// trig: cos(m t), sin(m t) for m = 0..L at [2m], [2m + 1] (the beta table).
__device__ __forceinline__ double ck_jxj(const double* j, const double* trig, int l, int a, int b)
{
    const int n = 2 * l + 1;
    double acc = 0.0;
    for (int k = 0; k < n; ++k)
    {
        const int m = k - l;
        const int am = m < 0 ? -m : m;
        const double c = trig[2 * am];
        const double s = m < 0 ? -trig[2 * am + 1] : trig[2 * am + 1];
        const double jx = m == 0 ? j[a * n + k] : c * j[a * n + k] + s * j[a * n + 2 * l - k];
        acc += jx * j[k * n + b];
    }
    return acc;
}

// D^l[i, c] = sum over a in {i, 2l-i}, b in {c, 2l-c} of X(alpha)[i, a] (J X(beta) J)[a, b] X(gamma)[b, c], where
// X(t)[i, i] = cos(m_i t), X(t)[i, 2l-i] = -sin(m_i t) (the centre row and column are the identity).
__device__ double ck_wigner_entry(const double* j, const double* trig, int lmax, int l, int i, int c)
{
    const double* ta = trig;
    const double* tb = trig + 2 * (lmax + 1);
    const double* tg = trig + 4 * (lmax + 1);
    const int mi = i - l, mc = c - l;
    const int ai = mi < 0 ? -mi : mi, ac = mc < 0 ? -mc : mc;
    const double cos_a = ta[2 * ai], sin_a = mi < 0 ? -ta[2 * ai + 1] : ta[2 * ai + 1];
    const double cos_g = tg[2 * ac], sin_g = mc < 0 ? -tg[2 * ac + 1] : tg[2 * ac + 1];
    double left = ck_jxj(j, tb, l, i, c) * cos_g;
    if (mc != 0)
    {
        left += ck_jxj(j, tb, l, i, 2 * l - c) * sin_g;
    }
    double v = cos_a * left;
    if (mi != 0)
    {
        double right = ck_jxj(j, tb, l, 2 * l - i, c) * cos_g;
        if (mc != 0)
        {
            right += ck_jxj(j, tb, l, 2 * l - i, 2 * l - c) * sin_g;
        }
        v -= sin_a * right;
    }
    return v;
}

// edge_vec: [E, 3] float32; candidates: [sets, 20] double; edge_set: [E] (null: every edge uses set 0);
// jmat: J_0..J_L packed (double); blocks: [E, W] float32; branch (may be null): [E] roll branch or negative code.
// Dynamic shared memory: (sum_l (2l+1)^2 + warps * 6 (L+1)) doubles.
extern "C" __global__ void ck_wigner_from_edges_fwd(
    const float* __restrict__ edge_vec, const double* __restrict__ candidates, const int* __restrict__ edge_set,
    const double* __restrict__ jmat, float* __restrict__ blocks, int* __restrict__ branch_out,
    int edges, int sets, int lmax, int mmax)
{
    extern __shared__ double shared[];
    const int jsize = ck_j_offset(lmax + 1);
    for (int t = threadIdx.x; t < jsize; t += blockDim.x)
    {
        shared[t] = jmat[t];
    }
    __syncthreads();

    const int lane = threadIdx.x & 31;
    const int warp = threadIdx.x >> 5;
    const int e = blockIdx.x * (blockDim.x >> 5) + warp;
    if (e >= edges)
    {
        return;
    }
    int w = 0;
    for (int l = 0; l <= lmax; ++l) w += ck_rows_kept(l, mmax) * ck_degree_size(l);
    float* out = blocks + (long long)e * w;

    const int set = edge_set != 0 ? edge_set[e] : 0;
    double angles[3];
    const int branch = set < 0 || set >= sets
        ? CK_BRANCH_BAD_SET
        : ck_edge_angles(edge_vec + 3LL * e, candidates + (long long)set * CK_ROLL_STRIDE, angles);
    if (lane == 0 && branch_out != 0)
    {
        branch_out[e] = branch;
    }
    if (branch < 0)
    {
        // NaN, so blocks of an invalid edge cannot pass silently into the rotation.
        for (int q = lane; q < w; q += 32) out[q] = __int_as_float(0x7fc00000);
        return;
    }

    // This warp's table: cos(m t), sin(m t) for t = alpha, beta, gamma and m = 0..L (m t formed as the CPU does).
    double* trig = shared + jsize + warp * 6 * (lmax + 1);
    for (int q = lane; q < 3 * (lmax + 1); q += 32)
    {
        const int which = q / (lmax + 1);
        const int m = q % (lmax + 1);
        double s, c;
        sincos((double)m * angles[which], &s, &c);
        trig[2 * q] = c;
        trig[2 * q + 1] = s;
    }
    __syncwarp();

    int off = 0;
    for (int l = 0; l <= lmax; ++l)
    {
        const int n = ck_degree_size(l);
        const int rows = ck_rows_kept(l, mmax);
        const int first = l - (rows - 1) / 2;
        const double* j = shared + ck_j_offset(l);
        for (int q = lane; q < rows * n; q += 32)
        {
            out[off + q] = (float)ck_wigner_entry(j, trig, lmax, l, first + q / n, q % n);
        }
        off += rows * n;
    }
}
