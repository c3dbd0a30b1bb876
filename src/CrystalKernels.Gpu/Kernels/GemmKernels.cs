using ILGPU;

namespace CrystalKernels.Gpu.Kernels;

/// <summary>Scalars of one strided batched GEMM launch (see <see cref="GemmKernels.Gemm{T, TE}"/>).</summary>
public struct GemmArgs
{
    public int M;
    public int N;
    public int K;
    public int TransA;
    public int TransB;
    public int Tile;
    public double Beta;
}

/// <summary>
/// Device code of the matmul family. The GEMM is the textbook shared-memory tiled kernel: a Tile x Tile group computes
/// one Tile x Tile block of c, staging Tile-wide slices of op(a) and op(b) in dynamic shared memory (as double) and
/// accumulating each output in double in ascending k. Grid z is the batch. beta = 0 never reads c.
/// </summary>
internal static class GemmKernels
{
    public static void Gemm<T, TE>(ArrayView<T> a, ArrayView<T> b, ArrayView<T> c, GemmArgs g)
        where T : unmanaged
        where TE : struct, IElem<T>
    {
        var e = default(TE);
        var ts = g.Tile;
        var shared = SharedMemory.GetDynamic<double>();
        var tx = Group.IdxX;
        var ty = Group.IdxY;
        var col = Grid.IdxX * ts + tx;
        var row = Grid.IdxY * ts + ty;
        var p = Grid.IdxZ;
        var aOff = (long)p * g.M * g.K;
        var bOff = (long)p * g.K * g.N;
        var acc = 0.0;
        for (var t0 = 0; t0 < g.K; t0 += ts)
        {
            var ka = t0 + tx;
            shared[ty * ts + tx] = row < g.M && ka < g.K
                ? e.Load(a[aOff + (g.TransA != 0 ? (long)ka * g.M + row : (long)row * g.K + ka)])
                : 0.0;
            var kb = t0 + ty;
            shared[ts * ts + ty * ts + tx] = kb < g.K && col < g.N
                ? e.Load(b[bOff + (g.TransB != 0 ? (long)col * g.K + kb : (long)kb * g.N + col)])
                : 0.0;
            Group.Barrier();
            for (var q = 0; q < ts; q++)
            {
                acc += shared[ty * ts + q] * shared[ts * ts + q * ts + tx];
            }

            Group.Barrier();
        }

        if (row < g.M && col < g.N)
        {
            var ci = (long)p * g.M * g.N + (long)row * g.N + col;
            c[ci] = e.Store(g.Beta == 0 ? acc : acc + g.Beta * e.Load(c[ci]));
        }
    }

    /// <summary>y[r, o] += bias[o] (the Linear bias, after the GEMM).</summary>
    public static void AddBias<T, TE>(Index1D i, ArrayView<T> y, ArrayView<T> bias, int cols)
        where T : unmanaged
        where TE : struct, IElem<T>
    {
        var e = default(TE);
        y[i] = e.Store(e.Load(y[i]) + e.Load(bias[i % cols]));
    }

    /// <summary>db[j] += Σ_r dy[r, j], rows ascending, in double; one thread per column.</summary>
    public static void ColumnSum<T, TE>(Index1D j, ArrayView<T> dy, ArrayView<T> db, int rows, int cols)
        where T : unmanaged
        where TE : struct, IElem<T>
    {
        var e = default(TE);
        var acc = 0.0;
        for (var r = 0; r < rows; r++)
        {
            acc += e.Load(dy[r * cols + j]);
        }

        db[j] = e.Store(e.Load(db[j]) + acc);
    }
}
