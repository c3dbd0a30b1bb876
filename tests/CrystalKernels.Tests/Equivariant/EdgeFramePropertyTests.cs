using CrystalKernels.Equivariant.Frames;
using CrystalKernels.Equivariant.Layout;
using CrystalKernels.Equivariant.Wigner;
using CrystalKernels.Tensors;
using CrystalKernels.Tensors.Random;
using CrystalKernels.Tests.Support;

namespace CrystalKernels.Tests.Equivariant;

/// <summary>Edge frames (paper-spec §3.5, §7.2): proper rotations taking the edge onto +y, including edges along ±y.</summary>
[Category(Categories.Equivariance)]
public class EdgeFramePropertyTests
{
    private static readonly RngStream Rng = RngStream.Create(7, "edge-frame-properties");

    private static IEnumerable<(double X, double Y, double Z)> Edges()
    {
        for (ulong i = 0; i < 64; i++)
        {
            yield return RandomRotations.Edge(Rng, i);
        }

        yield return (0, 2.5, 0);
        yield return (0, -0.7, 0);
        yield return (1, 0, 0);
        yield return (0, 0, -3);
        yield return (1e-6, 1, 0); // the Euler route loses ~1e-16/θ at θ rad from a pole (1e-9 at 1e-7)
        yield return (0, -1, 1e-6);
        var v = RollVector.Fixture;
        yield return (v.X, v.Y, v.Z);
        yield return (-v.X, -v.Y, -v.Z);
    }

    [Test]
    public void FrameIsAProperRotationMappingTheEdgeOntoPlusY()
    {
        var r = new double[9];
        foreach (var (x, y, z) in Edges())
        {
            EdgeFrame.Compute(x, y, z, RollVector.Fixture, r);
            var d = Math.Sqrt((x * x) + (y * y) + (z * z));
            double[] mapped = [((r[0] * x) + (r[1] * y) + (r[2] * z)) / d, ((r[3] * x) + (r[4] * y) + (r[5] * z)) / d, ((r[6] * x) + (r[7] * y) + (r[8] * z)) / d];
            var rrt = WignerPropertyTests.Multiply(r, WignerPropertyTests.Transpose(r, 3), 3);
            var det = (r[0] * ((r[4] * r[8]) - (r[5] * r[7]))) - (r[1] * ((r[3] * r[8]) - (r[5] * r[6]))) + (r[2] * ((r[3] * r[7]) - (r[4] * r[6])));
            Assert.Multiple(() =>
            {
                Assert.That(Diff.MaxAbs(mapped, [0, 1, 0]), Is.LessThanOrEqualTo(Tol.WignerProperty), $"R_e x̂ = e_y for ({x}, {y}, {z})");
                Assert.That(Diff.MaxAbs(rrt, WignerPropertyTests.Identity(3)), Is.LessThanOrEqualTo(Tol.WignerProperty), "orthonormal");
                Assert.That(det, Is.EqualTo(1.0).Within(Tol.WignerProperty), "proper");
            });
        }
    }

    [Test]
    public void EdgeWignerDegreeOneIsTheFrameAndBlocksAreOrthonormalRows()
    {
        var edges = Edges().ToArray();
        var vec = Tensor.FromArray(edges.SelectMany(e => new[] { e.X, e.Y, e.Z }).ToArray(), edges.Length, 3);
        var layout = new SphericalLayout(6, 2);
        var w = EdgeWigner.Compute(vec, layout, RollVector.Fixture, DType.Float64);
        var blocks = w.Blocks.ToDoubleArray();
        var size = layout.TruncatedRotationSize;
        for (var e = 0; e < edges.Length; e++)
        {
            // Degree 1 keeps all 3 rows when M ≥ 1: it must equal R_e, also at the exact poles.
            var d1 = blocks.AsSpan((e * size) + layout.TruncatedBlockOffset(1), 9);
            var tol = Math.Abs(w.Frames[(e * 9) + 4]) >= 0.999 ? Tol.WignerNearPole : Tol.WignerProperty;
            Assert.That(Diff.MaxAbs(d1, w.Frames.AsSpan(e * 9, 9)), Is.LessThanOrEqualTo(tol), $"edge {e}: D^1 = R_e");
            for (var l = 0; l <= layout.LMax; l++)
            {
                var (rows, n) = (layout.RowsKept(l), (2 * l) + 1);
                var b = blocks.AsSpan((e * size) + layout.TruncatedBlockOffset(l), rows * n).ToArray();
                for (var i = 0; i < rows; i++)
                {
                    for (var j = 0; j < rows; j++)
                    {
                        var dot = 0.0;
                        for (var k = 0; k < n; k++)
                        {
                            dot += b[(i * n) + k] * b[(j * n) + k];
                        }

                        Assert.That(dot, Is.EqualTo(i == j ? 1.0 : 0.0).Within(Tol.WignerProperty), $"edge {e}, l = {l}, rows {i},{j}");
                    }
                }
            }
        }
    }

    [Test]
    public void RollChoiceDependsOnlyOnDirection()
    {
        var (a, b) = (new double[9], new double[9]);
        foreach (var (x, y, z) in Edges())
        {
            var ba = EdgeFrame.Compute(x, y, z, RollVector.Fixture, a);
            var bb = EdgeFrame.Compute(3.7 * x, 3.7 * y, 3.7 * z, RollVector.Fixture, b);
            Assert.That(bb, Is.EqualTo(ba));
            Assert.That(Diff.MaxAbs(a, b), Is.LessThanOrEqualTo(Tol.WignerProperty));
        }
    }

    [Test]
    public void RejectsZeroLengthEdges()
    {
        var ex = Assert.Throws<ArgumentException>(() => EdgeFrame.Compute(0, 0, 1e-6, RollVector.Fixture, new double[9]));
        Assert.That(ex!.Message, Does.Contain("EdgeFrame"));
    }
}
