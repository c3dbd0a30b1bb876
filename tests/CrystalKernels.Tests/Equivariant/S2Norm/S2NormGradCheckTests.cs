using CrystalKernels.Equivariant.Grids;
using CrystalKernels.Equivariant.Nn;
using CrystalKernels.Equivariant.Ops;
using CrystalKernels.Tensors;
using CrystalKernels.Tensors.Random;
using CrystalKernels.Tests.Support;

namespace CrystalKernels.Tests.Equivariant.S2Norm;

/// <summary>Float64 finite-difference checks of every s2norm op w.r.t. every differentiable input, small sizes.</summary>
[Category(Categories.GradCheck)]
public class S2NormGradCheckTests
{
    [TestCase(6, 2)]
    [TestCase(2, 2)]
    public void ToGrid(int lmax, int mmax)
    {
        var grid = S2Grid.Create(lmax, mmax);
        var x = GradCheck.Random(1, -1, 1, 2, grid.Layout.KReduced, 3);
        GradCheck.Assert("ToGrid", (t, xs) => EqOp.ToGrid(t, xs[0], grid), x);
    }

    [TestCase(6, 2)]
    [TestCase(2, 2)]
    public void FromGrid(int lmax, int mmax)
    {
        var grid = S2Grid.Create(lmax, mmax);
        var g = GradCheck.Random(2, -1, 1, 2, grid.Points, 2);
        GradCheck.Assert("FromGrid", (t, xs) => EqOp.FromGrid(t, xs[0], grid), g);
    }

    [TestCase(6, 2)]
    [TestCase(3, 3)]
    public void SeparableS2Silu(int lmax, int mmax)
    {
        var grid = S2Grid.Create(lmax, mmax);
        var scalars = GradCheck.Random(3, -2, 2, 2, 3);
        var x = GradCheck.Random(4, -1, 1, 2, grid.Layout.KReduced, 3);
        GradCheck.Assert("SeparableS2Silu", (t, xs) => EqOp.SeparableS2Silu(t, xs[0], xs[1], grid), scalars, x);
    }

    [TestCase(2, 4)]
    [TestCase(0, 3)]
    public void EquivariantRmsNorm(int lmax, int c)
    {
        var k = (lmax + 1) * (lmax + 1);
        var x = GradCheck.Random(5, -1, 1, 3, k, c);
        var w = GradCheck.Random(6, 0.5, 1.5, lmax + 1, c);
        var b = GradCheck.Random(7, -0.5, 0.5, c);
        GradCheck.Assert("EquivariantRmsNorm", (t, xs) => EqOp.EquivariantRmsNorm(t, xs[0], xs[1], xs[2]), x, w, b);
    }

    [Test]
    public void So3Linear()
    {
        var x = GradCheck.Random(8, -1, 1, 3, 9, 3);
        var w = GradCheck.Random(9, -1, 1, 3, 2, 3);
        var b = GradCheck.Random(10, -1, 1, 2);
        GradCheck.Assert("So3Linear", (t, xs) => EqOp.So3Linear(t, xs[0], xs[1], xs[2]), x, w, b);
        var x2 = GradCheck.Random(11, -1, 1, 2, 16, 2);
        var w2 = GradCheck.Random(12, -1, 1, 4, 3, 2);
        GradCheck.Assert("So3Linear (no bias)", (t, xs) => EqOp.So3Linear(t, xs[0], xs[1], null), x2, w2);
    }

    [Test]
    public void FeedForwardNetworkModule()
    {
        var grid = S2Grid.Create(2, 2);
        var ffn = new FeedForwardNetwork("ffn", 2, 3, 4, 2, grid, RngStream.Create(1, "ffn"), DType.Float64);
        foreach (var p in ffn.Parameters.Where(p => p.Name!.EndsWith(".bias", StringComparison.Ordinal)))
        {
            // Non-zero biases so their gradients flow through a non-trivial point.
            p.CopyFrom(GradCheck.Random(13, -0.3, 0.3, p.Shape.ToArray()));
        }

        var y = GradCheck.Random(14, -1, 1, 2, 9, 3);
        var inputs = new[] { y }.Concat(ffn.Parameters).ToArray();
        GradCheck.Assert("FeedForwardNetwork", (t, _) => ffn.Forward(t, y), inputs);
    }
}
