using System.Numerics;
using System.Runtime.CompilerServices;

namespace CrystalKernels.Tensors.Backends.Cpu.Gemm;

/// <summary>
/// Write-back of a partial tile. The accumulators were stored raw to <c>tmp</c>; the scalar fused multiply-add here
/// rounds exactly like the vector write-back of full tiles, so a C element gets the same bits whether it falls in an
/// edge tile or not (which is what makes the result independent of the thread partition).
/// </summary>
internal static unsafe class GemmEdge
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Merge<T>(T* tmp, int nrFull, T* c, nint ldc, T alpha, T beta, int mr, int nr)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (var i = 0; i < mr; i++)
        {
            var row = c + i * ldc;
            var t = tmp + i * nrFull;
            if (beta == T.Zero)
            {
                for (var j = 0; j < nr; j++)
                {
                    row[j] = alpha * t[j];
                }
            }
            else
            {
                for (var j = 0; j < nr; j++)
                {
                    row[j] = T.FusedMultiplyAdd(alpha, t[j], beta * row[j]);
                }
            }
        }
    }
}
