using CrystalKernels.Crystals;
using CrystalKernels.Crystals.Graph;
using CrystalKernels.Models.Config;
using CrystalKernels.Models.Inputs;
using CrystalKernels.Tensors;
using CrystalKernels.Tensors.Autograd;

namespace CrystalKernels.Training.Modeling;

/// <summary>Structures → periodic radius graphs (GraphBatch) → model inputs, and per-atom target tensors.</summary>
public static class BatchTensors
{
    public static ModelInputs Build(IReadOnlyList<Structure> structures, double cutoff, int maxNeighbors, DType dtype, Tape? tape = null, bool positionGradient = false) =>
        ModelInputs.FromGraph(tape, GraphBatch.Build(structures, cutoff, maxNeighbors), dtype, positionGradient);

    /// <summary>With the model's own cutoff and neighbour limit.</summary>
    public static ModelInputs Build(IReadOnlyList<Structure> structures, EquiformerV2Config config, DType dtype, Tape? tape = null, bool positionGradient = false) =>
        Build(structures, config.MaxRadius, config.MaxNeighbors, dtype, tape, positionGradient);

    /// <summary>Int32 [N] class targets.</summary>
    public static Tensor Classes(int[] classes) => Tensor.FromArray(classes, classes.Length);

    /// <summary>[N, 3] vectors in <paramref name="dtype"/>.</summary>
    public static Tensor Vectors(IReadOnlyList<Vec3> v, DType dtype)
    {
        var data = new double[3 * v.Count];
        for (var i = 0; i < v.Count; i++)
        {
            (data[3 * i], data[3 * i + 1], data[3 * i + 2]) = (v[i].X, v[i].Y, v[i].Z);
        }

        return Floats(data, dtype, v.Count, 3);
    }

    public static Tensor Floats(double[] data, DType dtype, params int[] shape) => dtype switch
    {
        DType.Float64 => Tensor.FromArray(data, shape),
        DType.Float32 => Tensor.FromArray(Array.ConvertAll(data, x => (float)x), shape),
        _ => throw new ArgumentException($"batch tensors: float dtype expected, got {dtype}"),
    };

    /// <summary>A float tensor's values as double (row-major).</summary>
    public static double[] ToDoubles(Tensor t) => t.DType switch
    {
        DType.Float64 => t.Span<double>().ToArray(),
        DType.Float32 => Array.ConvertAll(t.Span<float>().ToArray(), x => (double)x),
        _ => throw new ArgumentException($"batch tensors: {t.Describe()} is not a float tensor"),
    };
}
