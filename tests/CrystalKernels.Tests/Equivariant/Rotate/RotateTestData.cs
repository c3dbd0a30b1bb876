using CrystalKernels.Equivariant.Frames;
using CrystalKernels.Equivariant.Layout;
using CrystalKernels.Equivariant.Wigner;
using CrystalKernels.Tensors;
using CrystalKernels.Tensors.Random;

namespace CrystalKernels.Tests.Equivariant.Rotate;

/// <summary>Seeded edges, features and the dense reference products of the rotate tests.</summary>
internal static class RotateTestData
{
    /// <summary>Random edge vectors [E, 3] (uniform directions, lengths 0.5..5.5 Å).</summary>
    public static Tensor Edges(ulong seed, int count)
    {
        var rng = RngStream.Create(seed, "rotate-test-edges");
        var r = Enumerable.Range(0, count).SelectMany(i => { var v = RandomRotations.Edge(rng, (ulong)i); return new[] { v.X, v.Y, v.Z }; }).ToArray();
        return Tensor.FromArray(r, count, 3);
    }

    public static EdgeWigner Wigner(ulong seed, int count, SphericalLayout layout, DType dtype = DType.Float64) =>
        EdgeWigner.Compute(Edges(seed, count), layout, RollVector.Fixture, dtype);

    /// <summary>Uniform values in [-1, 1) of the given shape, float64, not requiring a gradient.</summary>
    public static Tensor Uniform(ulong seed, params int[] shape)
    {
        var t = Support.GradCheck.Random(seed, -1, 1, shape);
        t.RequiresGrad = false;
        return t;
    }

    /// <summary>out[e] = M[e] · in[e] for dense per-edge matrices M [E, rows, cols] and features [E, cols, C], in double.</summary>
    public static double[] DenseApply(ReadOnlySpan<double> matrices, int rows, int cols, ReadOnlySpan<double> features, int edges, int channels)
    {
        var y = new double[edges * rows * channels];
        for (var e = 0; e < edges; e++)
        {
            for (var i = 0; i < rows; i++)
            {
                for (var c = 0; c < channels; c++)
                {
                    var acc = 0.0;
                    for (var j = 0; j < cols; j++)
                    {
                        acc += matrices[(e * rows * cols) + (i * cols) + j] * features[(e * cols * channels) + (j * channels) + c];
                    }

                    y[(e * rows * channels) + (i * channels) + c] = acc;
                }
            }
        }

        return y;
    }

    /// <summary>All edges' dense reference matrices from EdgeWigner (rotate [E, Kr, K] or rotate-inverse [E, K, Kr]).</summary>
    public static double[] DenseMatrices(EdgeWigner w, bool inverse) =>
        Enumerable.Range(0, w.EdgeCount).SelectMany(e => inverse ? w.RotateInvMatrix(e) : w.RotateMatrix(e)).ToArray();

    /// <summary>max |a − b| / max |b|.</summary>
    public static double RelMax(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        var scale = 0.0;
        foreach (var v in b)
        {
            scale = Math.Max(scale, Math.Abs(v));
        }

        return Diff.MaxAbs(a, b) / scale;
    }
}
