using CrystalKernels.Equivariant.Layout;
using CrystalKernels.Equivariant.Ops;
using CrystalKernels.Tensors;
using CrystalKernels.Tests.Support;

namespace CrystalKernels.Tests.Equivariant.So2Conv;

/// <summary>EqOp.So2Pack / So2Unpack: index maps against the layout, and float64 gradient checks.</summary>
public class So2OpGradCheckTests
{
    private static readonly SphericalLayout L3M2 = new(3, 2);

    [Test]
    public void PackReadsTheMMajorRowsTimesTheirRadialSlice()
    {
        // L6M2, C = 2: check every packed value against (l, m) looked up through ReducedL/ReducedM.
        var layout = new SphericalLayout(6, 2);
        var (e, c) = (3, 2);
        var x = GradCheck.Random(1, -1, 1, e, layout.KReduced, c);
        var rad = GradCheck.Random(2, -1, 1, e, 18 * c);
        var (xs, rs) = (x.ToDoubleArray(), rad.ToDoubleArray());
        var (ls, ms) = (layout.ReducedL(), layout.ReducedM());
        int Row(int l, int m) => Enumerable.Range(0, ls.Length).Single(i => ls[i] == l && ms[i] == m);
        var radOff = new[] { 0, 7 * c, 13 * c };
        for (var m = 0; m <= 2; m++)
        {
            var u = EqOp.So2Pack(null, x, rad, layout, m).ToDoubleArray();
            var n = 7 - m;
            var signs = m == 0 ? new[] { 0 } : [m, -m];
            Assert.That(u, Has.Length.EqualTo(e * signs.Length * n * c));
            for (var ei = 0; ei < e; ei++)
            {
                for (var s = 0; s < signs.Length; s++)
                {
                    for (var i = 0; i < n; i++)
                    {
                        for (var ch = 0; ch < c; ch++)
                        {
                            var expected = xs[(((ei * 29) + Row(m + i, signs[s])) * c) + ch] * rs[(ei * 18 * c) + radOff[m] + (i * c) + ch];
                            Assert.That(u[(((((ei * signs.Length) + s) * n) + i) * c) + ch], Is.EqualTo(expected), $"m {m} e {ei} s {s} i {i} c {ch}");
                        }
                    }
                }
            }
        }
    }

    [Test]
    [Category(Categories.GradCheck)]
    public void PackGradients()
    {
        var x = GradCheck.Random(3, -1, 1, 2, L3M2.KReduced, 3);
        var rad = GradCheck.Random(4, -1, 1, 2, 9 * 3);
        for (var m = 0; m <= 2; m++)
        {
            var order = m;
            GradCheck.Assert($"So2Pack(m={m})", (tape, xs) => EqOp.So2Pack(tape, xs[0], xs[1], L3M2, order), x, rad);
            GradCheck.Assert($"So2Pack(m={m}, no rad)", (tape, xs) => EqOp.So2Pack(tape, xs[0], null, L3M2, order), x);
        }
    }

    [Test]
    [Category(Categories.GradCheck)]
    public void UnpackGradients()
    {
        // L3M2, C = 2, skip 3: z_0 [E, 3 + 4·2], z_1 [E, 2, 2·3·2], z_2 [E, 2, 2·2·2].
        var z0 = GradCheck.Random(5, -1, 1, 2, 3 + 8);
        var z1 = GradCheck.Random(6, -1, 1, 2, 2, 12);
        var z2 = GradCheck.Random(7, -1, 1, 2, 2, 8);
        GradCheck.Assert("So2Unpack", (tape, xs) => EqOp.So2Unpack(tape, L3M2, 3, xs), z0, z1, z2);
    }

    [Test]
    public void UnpackIsTheComplexProductOnTheRightRows()
    {
        var layout = new SphericalLayout(2, 1);
        var z0 = Tensor.FromArray(new double[] { 9, 10, 11, 12 }, 1, 4); // skip 1, then l = 0, 1, 2 (C = 1)
        var z1 = Tensor.FromArray(new double[] { 1, 2, 3, 4, 5, 6, 7, 8 }, 1, 2, 4); // + row: r(l=1,2) = 1,2 i = 3,4; − row: r = 5,6 i = 7,8
        var y = EqOp.So2Unpack(null, layout, 1, z0, z1).ToDoubleArray();
        // Reduced L2M1 order: (0,0) (1,−1) (1,0) (1,1) (2,−1) (2,0) (2,1).
        Assert.That(y, Is.EqualTo(new double[] { 10, 5 + 3, 11, 1 - 7, 6 + 4, 12, 2 - 8 }));
    }

    [Test]
    public void BadShapesNameTheOp()
    {
        var x = Tensor.Zeros(new Shape(2, 10, 3), DType.Float64);
        var ex = Assert.Throws<ShapeMismatchException>(() => EqOp.So2Pack(null, x, null, L3M2, 0));
        Assert.That(ex!.Message, Does.Contain("So2Pack").And.Contain("14"));
        var ok = Tensor.Zeros(new Shape(2, 14, 3), DType.Float64);
        Assert.Throws<ShapeMismatchException>(() => EqOp.So2Pack(null, ok, Tensor.Zeros(new Shape(2, 26), DType.Float64), L3M2, 1));
        Assert.Throws<ShapeMismatchException>(() => EqOp.So2Pack(null, ok, null, L3M2, 3));
        var ex2 = Assert.Throws<ShapeMismatchException>(() => EqOp.So2Unpack(null, L3M2, 0,
            Tensor.Zeros(new Shape(2, 8), DType.Float64), Tensor.Zeros(new Shape(2, 2, 12), DType.Float64), Tensor.Zeros(new Shape(2, 2, 7), DType.Float64)));
        Assert.That(ex2!.Message, Does.Contain("So2Unpack").And.Contain("z_2"));
    }
}
