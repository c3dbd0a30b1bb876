using CrystalKernels.Tensors;

namespace CrystalKernels.Crystals.Graph;

/// <summary>
/// A <see cref="GraphBatch"/> as tensors: indices Int32, geometry in the chosen float type.
/// Species [N], Batch [N], NAtoms [B], NodeOffsets [B+1], Positions [N,3], Cells [B,3,3], RowPtr [N+1],
/// EdgeSource [E], EdgeTarget [E], CellOffsets [E,3] (Int32), OffsetCartesian [E,3], EdgeVectors [E,3], Distances [E].
/// </summary>
public sealed record GraphTensors(
    Tensor Species,
    Tensor Batch,
    Tensor NAtoms,
    Tensor NodeOffsets,
    Tensor Positions,
    Tensor Cells,
    Tensor RowPtr,
    Tensor EdgeSource,
    Tensor EdgeTarget,
    Tensor CellOffsets,
    Tensor OffsetCartesian,
    Tensor EdgeVectors,
    Tensor Distances)
{
    /// <summary>Converts a batch; <paramref name="floatType"/> is Float32 (training) or Float64 (parity, gradchecks).</summary>
    public static GraphTensors From(GraphBatch g, DType floatType = DType.Float32)
    {
        if (floatType is not (DType.Float32 or DType.Float64))
        {
            throw new ArgumentException($"graph tensors: geometry dtype must be Float32 or Float64, got {floatType}");
        }

        var (b, n, e) = (g.CrystalCount, g.AtomCount, g.EdgeCount);
        var natoms = new int[b];
        for (var k = 0; k < b; k++)
        {
            natoms[k] = g.AtomsOf(k);
        }

        return new GraphTensors(
            Named("species", Tensor.FromArray(g.Species, n)),
            Named("batch", Tensor.FromArray(g.Batch, n)),
            Named("natoms", Tensor.FromArray(natoms, b)),
            Named("node_offsets", Tensor.FromArray(g.NodeOffsets, b + 1)),
            Named("pos", Floats(g.Positions, floatType, n, 3)),
            Named("cell", Floats(g.Cells, floatType, b, 3, 3)),
            Named("row_ptr", Tensor.FromArray(g.RowPtr, n + 1)),
            Named("edge_src", Tensor.FromArray(g.Source, e)),
            Named("edge_dst", Tensor.FromArray(g.Target, e)),
            Named("cell_offsets", Tensor.FromArray(g.CellOffsets, e, 3)),
            Named("offset_cart", Floats(g.OffsetCartesian, floatType, e, 3)),
            Named("edge_vec", Floats(g.EdgeVectors, floatType, e, 3)),
            Named("distance", Floats(g.Distances, floatType, e)));
    }

    private static Tensor Floats(double[] data, DType dtype, params int[] shape) =>
        dtype == DType.Float64 ? Tensor.FromArray(data, shape) : Tensor.FromArray(Array.ConvertAll(data, x => (float)x), shape);

    private static Tensor Named(string name, Tensor t)
    {
        t.Name = name;
        return t;
    }
}
