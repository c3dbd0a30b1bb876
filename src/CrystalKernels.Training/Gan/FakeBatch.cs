using CrystalKernels.Crystals;
using CrystalKernels.Crystals.Corruption;
using CrystalKernels.Crystals.Graph;
using CrystalKernels.Models.Inputs;
using CrystalKernels.Tensors;
using CrystalKernels.Tensors.Autograd;
using CrystalKernels.Tensors.Ops;

namespace CrystalKernels.Training.Gan;

/// <summary>
/// The generated structures as the discriminator reads them, detached (the values only), for D's own step:
/// a graph, Cartesian positions [N·3] and, in intended mode, soft species [N·V] (null: the graph's hard species).
/// </summary>
public sealed class FakeBatch
{
    private FakeBatch(GraphBatch graph, double[] positions, double[]? softSpecies, int softWidth)
    {
        Graph = graph;
        Positions = positions;
        SoftSpecies = softSpecies;
        SoftWidth = softWidth;
    }

    public GraphBatch Graph { get; }

    public double[] Positions { get; }

    public double[]? SoftSpecies { get; }

    public int SoftWidth { get; }

    /// <summary>Intended mode: the values of the taped fake (same graph as the generator's input).</summary>
    public static FakeBatch Soft(GraphBatch graph, Tensor positions, Tensor softSpecies) =>
        new(graph, positions.ToDoubleArray(), softSpecies.ToDoubleArray(), softSpecies.Shape[1]);

    /// <summary>Authors' code: the hard structures (argmax species, wrapped positions) on a graph rebuilt from them.</summary>
    public static FakeBatch Hard(IReadOnlyList<Structure> structures, double cutoff, int maxNeighbors)
    {
        var graph = GraphBatch.Build(structures, cutoff, maxNeighbors);
        return new FakeBatch(graph, (double[])graph.Positions.Clone(), null, 0);
    }

    /// <summary>Model inputs (no gradient reaches these values: they are constants on the tape).</summary>
    public ModelInputs ToInputs(Tape? tape, DType dtype)
    {
        var n = Graph.AtomCount;
        var pos = Tensor.FromArray(Positions, n, 3).To(dtype);
        var soft = SoftSpecies is null ? null : Tensor.FromArray(SoftSpecies, n, SoftWidth).To(dtype);
        return ModelInputs.Build(tape, Graph, pos, soft);
    }

    /// <summary>
    /// Authors' code (trainer_gan_lit.py): Z̃ = argmax(logits) + 1 for every atom and P̃ = wrap(P_noisy − ε̂) with
    /// ε̂ = v·cell (fractional target frame) or v (Cartesian); the lattice is unchanged.
    /// </summary>
    public static Structure[] Denoise(IReadOnlyList<Structure> noisyInputs, double[] logits, int classes, double[] vectors, PositionTargetFrame frame)
    {
        var result = new Structure[noisyInputs.Count];
        var atom = 0;
        for (var b = 0; b < noisyInputs.Count; b++)
        {
            var s = noisyInputs[b];
            var z = new int[s.Count];
            var p = new Vec3[s.Count];
            for (var a = 0; a < s.Count; a++, atom++)
            {
                var best = 0;
                for (var c = 1; c < classes; c++)
                {
                    if (logits[(atom * classes) + c] > logits[(atom * classes) + best])
                    {
                        best = c;
                    }
                }

                z[a] = best + 1;
                var v = new Vec3(vectors[3 * atom], vectors[(3 * atom) + 1], vectors[(3 * atom) + 2]);
                p[a] = PositionNoise.Wrap(s.Lattice, s.Positions[a] - PositionNoise.TargetToCartesian(s.Lattice, v, frame));
            }

            result[b] = new Structure(s.Lattice, z, p, s.Id);
        }

        return result;
    }

    /// <summary>
    /// The predicted displacement in Cartesian Å as a taped op: v·cell of each atom's crystal (Σ_k v_k · row k of the
    /// cell) for the fractional frame, v itself for the Cartesian frame.
    /// </summary>
    public static Tensor CartesianDisplacement(Tape? tape, Tensor v, GraphBatch graph, PositionTargetFrame frame)
    {
        if (frame == PositionTargetFrame.Cartesian)
        {
            return v;
        }

        var n = graph.AtomCount;
        Tensor? sum = null;
        for (var k = 0; k < 3; k++)
        {
            var rows = new double[3 * n];
            for (var i = 0; i < n; i++)
            {
                Array.Copy(graph.Cells, (9 * graph.Batch[i]) + (3 * k), rows, 3 * i, 3);
            }

            var term = Op.Mul(tape, Tensor.FromArray(rows, n, 3).To(v.DType), Op.Slice(tape, v, 1, k, 1));
            sum = sum is null ? term : Op.Add(tape, sum, term);
        }

        return sum!;
    }
}
