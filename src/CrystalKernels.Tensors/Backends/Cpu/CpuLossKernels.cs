using CrystalKernels.Tensors.Kernels;

namespace CrystalKernels.Tensors.Backends.Cpu;

/// <summary>
/// CPU loss kernels, generic over float and double. Every loss sums in double through
/// <see cref="CpuReduceKernels.FixedOrderSum"/>, so the scalar is the same for any thread count.
/// </summary>
public sealed partial class CpuLossKernels : ILossKernels
{
    /// <summary>
    /// Checks every target against [0, classes) (ignoreIndex allowed) and counts the rows that take part.
    /// Throws naming the op, the row and the value, because a bad label silently read out of bounds is worse.
    /// </summary>
    private static long ValidateTargets(string op, Tensor targets, int classes, int? ignoreIndex)
    {
        var t = targets.Span<int>();
        long count = 0;
        for (var r = 0; r < t.Length; r++)
        {
            if (ignoreIndex is int ig && t[r] == ig)
            {
                continue;
            }

            if ((uint)t[r] >= (uint)classes)
            {
                throw new ArgumentOutOfRangeException(nameof(targets),
                    $"{op}: target {t[r]} at row {r} is out of range [0, {classes}){(ignoreIndex is int i ? $" and is not ignoreIndex {i}" : string.Empty)}");
            }

            count++;
        }

        return count;
    }

    private static bool Ignored(int target, int? ignoreIndex) => ignoreIndex is int ig && target == ig;
}
