using CrystalKernels.Tensors.Backends.Cpu;

namespace CrystalKernels.Tensors.Ops;

/// <summary>
/// Validation shared by the graph ops: int32 index vectors in range, CSR row pointers that start at 0, never decrease
/// and end at the row count. Bad input throws naming the op and the first offending position. Index tensors that live
/// on the CPU are checked element by element (O(E), small next to the op itself).
/// </summary>
public static partial class Op
{
    internal static void CheckIndex(string op, Tensor index, int size, string what)
    {
        ShapeMismatchException.Require(index.DType == DType.Int32 && index.Rank == 1, op,
            $"index must be a 1-D int32 tensor, got {index.Describe()}");
        if (index.Device is not CpuDevice)
        {
            return;
        }

        var ix = index.Span<int>();
        for (var e = 0; e < ix.Length; e++)
        {
            if ((uint)ix[e] >= (uint)size)
            {
                throw new ShapeMismatchException(op, $"index[{e}] = {ix[e]} is out of range [0, {size}) of {what}");
            }
        }
    }

    internal static void CheckRowPtr(string op, Tensor rowPtr, long rows)
    {
        ShapeMismatchException.Require(rowPtr.DType == DType.Int32 && rowPtr.Rank == 1 && rowPtr.Numel >= 1, op,
            $"rowPtr must be a 1-D int32 tensor of N + 1 >= 1 entries, got {rowPtr.Describe()}");
        if (rowPtr.Device is not CpuDevice)
        {
            return;
        }

        var rp = rowPtr.Span<int>();
        ShapeMismatchException.Require(rp[0] == 0, op, $"rowPtr[0] must be 0, got {rp[0]}");
        for (var i = 0; i + 1 < rp.Length; i++)
        {
            if (rp[i + 1] < rp[i])
            {
                throw new ShapeMismatchException(op, $"rowPtr must be non-decreasing (edges sorted by destination), but rowPtr[{i + 1}] = {rp[i + 1]} < rowPtr[{i}] = {rp[i]}");
            }
        }

        ShapeMismatchException.Require(rp[^1] == rows, op, $"rowPtr[{rp.Length - 1}] = {rp[^1]} must equal the row count {rows}");
    }

    /// <summary>Rank >= 1 data tensor of float32 or float64 (segments reduce, so int32 is not accepted).</summary>
    internal static void CheckFloatRows(string op, Tensor x)
    {
        ShapeMismatchException.Require(x.Rank >= 1, op, $"needs a tensor with a row axis, got {x.Describe()}");
        ShapeMismatchException.Require(x.DType != DType.Int32, op, $"needs float32 or float64, got {x.Describe()}");
    }
}
