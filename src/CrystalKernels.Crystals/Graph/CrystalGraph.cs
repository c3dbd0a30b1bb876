namespace CrystalKernels.Crystals.Graph;

/// <summary>
/// The periodic radius graph of one crystal (paper-spec 2.2), edges grouped by target in CSR form.
/// Edge e runs from source j = <see cref="Source"/>[e] (the neighbour) to target i = <see cref="Target"/>[e] (the
/// centre, where messages are summed); the edges of target i are RowPtr[i] .. RowPtr[i+1]−1, ordered by (j, n1, n2,
/// n3) as the reference orders them.
/// </summary>
/// <remarks>
/// Shapes (E edges, N atoms): RowPtr [N+1], Source [E], Target [E], CellOffsets [E,3] (integer image n of the source),
/// EdgeVectors [E,3] = pos[j] − pos[i] + n·cell (Å), Distances [E] = |EdgeVectors| (Å).
/// </remarks>
public sealed class CrystalGraph
{
    internal CrystalGraph(int atomCount, double cutoff, int[] rowPtr, int[] source, int[] target, int[] cellOffsets, double[] edgeVectors, double[] distances)
    {
        AtomCount = atomCount;
        Cutoff = cutoff;
        RowPtr = rowPtr;
        Source = source;
        Target = target;
        CellOffsets = cellOffsets;
        EdgeVectors = edgeVectors;
        Distances = distances;
    }

    public int AtomCount { get; }

    public int EdgeCount => Source.Length;

    /// <summary>Cutoff radius the graph was built with (Å).</summary>
    public double Cutoff { get; }

    /// <summary>[N+1] CSR row pointer over targets.</summary>
    public int[] RowPtr { get; }

    /// <summary>[E] source atom j (neighbour) = edge_index[0].</summary>
    public int[] Source { get; }

    /// <summary>[E] target atom i (centre) = edge_index[1].</summary>
    public int[] Target { get; }

    /// <summary>[E,3] integer lattice image n = (n1, n2, n3) of the source atom.</summary>
    public int[] CellOffsets { get; }

    /// <summary>[E,3] pos[j] − pos[i] + n·cell in Å (centre → neighbour image).</summary>
    public double[] EdgeVectors { get; }

    /// <summary>[E] edge lengths in Å.</summary>
    public double[] Distances { get; }

    /// <summary>Edges arriving at target i.</summary>
    public int InDegree(int i) => RowPtr[i + 1] - RowPtr[i];
}
