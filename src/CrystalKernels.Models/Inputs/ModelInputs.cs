using CrystalKernels.Crystals.Graph;
using CrystalKernels.Tensors;
using CrystalKernels.Tensors.Autograd;
using CrystalKernels.Tensors.Ops;

namespace CrystalKernels.Models.Inputs;

/// <summary>
/// What one EquiformerV2 forward reads, built from a <see cref="GraphBatch"/> (paper-spec 2.2, 3.19): species (hard
/// Int32 ids, or a soft [N, elements] distribution for the GAN's discriminator), atoms' crystals, the destination-sorted
/// CSR, and edge geometry as a differentiable function of the positions:
/// edge_vec = pos[src] − pos[dst] + n·cell, distance = |edge_vec|, so dL/dpos flows through both.
/// The n·cell offsets are constants (the reference's choice: the cell is not differentiated).
/// </summary>
/// <remarks>
/// Shapes: Species Int32 [N] or SoftSpecies [N, V]; Batch Int32 [N]; Positions [N, 3] Å; EdgeSource/EdgeTarget Int32
/// [E] (source j = neighbour, target i = centre); RowPtr Int32 [N+1] over targets; OffsetCartesian [E, 3];
/// EdgeVectors [E, 3]; Distances [E].
/// </remarks>
public sealed class ModelInputs
{
    private ModelInputs(GraphBatch graph, Tensor? species, Tensor? softSpecies, Tensor batch, Tensor positions, Tensor source, Tensor target,
        Tensor rowPtr, Tensor offsetCartesian, Tensor edgeVectors, Tensor distances)
    {
        Graph = graph;
        Species = species;
        SoftSpecies = softSpecies;
        Batch = batch;
        Positions = positions;
        EdgeSource = source;
        EdgeTarget = target;
        RowPtr = rowPtr;
        OffsetCartesian = offsetCartesian;
        EdgeVectors = edgeVectors;
        Distances = distances;
    }

    public GraphBatch Graph { get; }

    public int AtomCount => Graph.AtomCount;

    public int EdgeCount => Graph.EdgeCount;

    public int CrystalCount => Graph.CrystalCount;

    /// <summary>Int32 [N] atomic numbers (0 = mask), or null when <see cref="SoftSpecies"/> is given.</summary>
    public Tensor? Species { get; }

    /// <summary>[N, V] species probabilities that weight the embedding tables' rows, or null for hard ids.</summary>
    public Tensor? SoftSpecies { get; }

    public Tensor Batch { get; }

    public Tensor Positions { get; }

    public Tensor EdgeSource { get; }

    public Tensor EdgeTarget { get; }

    public Tensor RowPtr { get; }

    public Tensor OffsetCartesian { get; }

    public Tensor EdgeVectors { get; }

    public Tensor Distances { get; }

    public DType DType => Positions.DType;

    /// <summary>
    /// Inputs from a graph batch with its own positions in <paramref name="dtype"/>. With
    /// <paramref name="positionGradient"/> the positions are a leaf that requires a gradient: after
    /// <c>tape.Backward</c>, <c>Positions.Grad</c> holds dL/dpos.
    /// </summary>
    public static ModelInputs FromGraph(Tape? tape, GraphBatch graph, DType dtype = DType.Float32, bool positionGradient = false)
    {
        var pos = Floats(graph.Positions, dtype, graph.AtomCount, 3);
        pos.Name = "pos";
        pos.RequiresGrad = positionGradient;
        return Build(tape, graph, pos);
    }

    /// <summary>
    /// Inputs from a graph batch (its edge list and cell offsets) with the given positions [N, 3] (any tensor, e.g. a
    /// generator's output; gradients flow into it) and optional soft species [N, V] instead of the batch's ids.
    /// </summary>
    public static ModelInputs Build(Tape? tape, GraphBatch graph, Tensor positions, Tensor? softSpecies = null)
    {
        var (n, e) = (graph.AtomCount, graph.EdgeCount);
        if (positions.Rank != 2 || positions.Shape[0] != n || positions.Shape[1] != 3)
        {
            throw new ShapeMismatchException("ModelInputs", $"positions must be [{n}, 3] for a batch of {n} atoms, got {positions.Describe()}");
        }

        if (softSpecies is not null && (softSpecies.Rank != 2 || softSpecies.Shape[0] != n || softSpecies.DType != positions.DType))
        {
            throw new ShapeMismatchException("ModelInputs", $"soft species must be [{n}, V] in {positions.DType}, got {softSpecies.Describe()}");
        }

        var src = Named("edge_src", Tensor.FromArray(graph.Source, e));
        var dst = Named("edge_dst", Tensor.FromArray(graph.Target, e));
        var offsets = Named("offset_cart", Floats(graph.OffsetCartesian, positions.DType, e, 3));
        var vec = Op.Add(tape, Op.Sub(tape, Op.IndexSelect(tape, positions, src), Op.IndexSelect(tape, positions, dst)), offsets);
        var dist = Op.Sqrt(tape, Op.Sum(tape, Op.Mul(tape, vec, vec), 1));
        return new ModelInputs(
            graph,
            softSpecies is null ? Named("species", Tensor.FromArray(graph.Species, n)) : null,
            softSpecies,
            Named("batch", Tensor.FromArray(graph.Batch, n)),
            positions,
            src,
            dst,
            Named("row_ptr", Tensor.FromArray(graph.RowPtr, n + 1)),
            offsets,
            vec,
            dist);
    }

    private static Tensor Floats(double[] data, DType dtype, params int[] shape) => dtype switch
    {
        DType.Float64 => Tensor.FromArray((double[])data.Clone(), shape),
        DType.Float32 => Tensor.FromArray(Array.ConvertAll(data, x => (float)x), shape),
        _ => throw new ArgumentException($"ModelInputs: geometry dtype must be Float32 or Float64, got {dtype}"),
    };

    private static Tensor Named(string name, Tensor t)
    {
        t.Name = name;
        return t;
    }
}
