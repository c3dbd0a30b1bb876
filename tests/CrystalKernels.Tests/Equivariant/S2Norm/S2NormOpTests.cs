using CrystalKernels.Equivariant.Grids;
using CrystalKernels.Equivariant.Ops;
using CrystalKernels.Tensors;
using CrystalKernels.Tensors.Autograd;
using CrystalKernels.Tensors.Backends.Cpu;
using CrystalKernels.Tensors.Ops;
using CrystalKernels.Tests.Support;

namespace CrystalKernels.Tests.Equivariant.S2Norm;

/// <summary>The s2norm ops against naive references, float32 against float64, thread-count determinism and errors.</summary>
public class S2NormOpTests
{
    [TestCase(6, 2, 5, 7)]
    [TestCase(6, 6, 3, 33)]
    [TestCase(6, 2, 70, 16)]
    public void GridOpsMatchNaive(int lmax, int mmax, int rows, int c)
    {
        var grid = S2Grid.Create(lmax, mmax);
        var kr = grid.Layout.KReduced;
        var x = GradCheck.Random(21, -1, 1, rows, kr, c);
        var s = GradCheck.Random(22, -3, 3, rows, c);
        var g = GradCheck.Random(23, -1, 1, rows, grid.Points, c);
        var (xa, sa, ga) = (x.ToDoubleArray(), s.ToDoubleArray(), g.ToDoubleArray());
        var errs = new Dictionary<string, double>
        {
            ["to"] = S2NormReference.RelMaxAbs(EqOp.ToGrid(null, x, grid).ToDoubleArray(), S2NormReference.ToGrid(grid, xa, rows, c)),
            ["from"] = S2NormReference.RelMaxAbs(EqOp.FromGrid(null, g, grid).ToDoubleArray(), S2NormReference.FromGrid(grid, ga, rows, c)),
            ["sep"] = S2NormReference.RelMaxAbs(EqOp.SeparableS2Silu(null, s, x, grid).ToDoubleArray(),
                S2NormReference.SeparableS2Silu(grid, sa, xa, rows, c)),
        };
        TestContext.Out.WriteLine(string.Join(", ", errs.Select(kv => $"{kv.Key} {kv.Value:E2}")));
        Assert.That(errs.Values.Max(), Is.LessThanOrEqualTo(S2NormTol.Float64VsNaive));
    }

    [Test]
    public void FusedActivationEqualsComposedOpsIncludingBackward()
    {
        // The fused op must equal ToGrid → SiLU → FromGrid with row 0 replaced, forward and backward.
        var grid = S2Grid.Create(6, 2);
        var (rows, c) = (4, 5);
        var x = GradCheck.Random(31, -1, 1, rows, grid.Layout.KReduced, c);
        var s = GradCheck.Random(32, -2, 2, rows, c);
        var seed = GradCheck.Random(33, -1, 1, rows, grid.Layout.KReduced, c);
        seed.RequiresGrad = false;

        double[] fusedY, fusedDx, fusedDs;
        using (var tape = new Tape())
        {
            var y = EqOp.SeparableS2Silu(tape, s, x, grid);
            tape.Backward(y, seed);
            (fusedY, fusedDx, fusedDs) = (y.ToDoubleArray(), x.Grad!.ToDoubleArray(), s.Grad!.ToDoubleArray());
        }

        (x.Grad, s.Grad) = (null, null);
        using (var tape = new Tape())
        {
            var t = EqOp.FromGrid(tape, Op.Silu(tape, EqOp.ToGrid(tape, x, grid)), grid);
            var rest = Op.Slice(tape, t, 1, 1, grid.Layout.KReduced - 1);
            var first = Op.Reshape(tape, Op.Silu(tape, s), rows, 1, c);
            var y = Op.Concat(tape, 1, first, rest);
            tape.Backward(y, seed);
            Assert.Multiple(() =>
            {
                Assert.That(S2NormReference.RelMaxAbs(fusedY, y.ToDoubleArray()), Is.LessThanOrEqualTo(S2NormTol.Float64VsNaive), "y");
                Assert.That(S2NormReference.RelMaxAbs(fusedDx, x.Grad!.ToDoubleArray()), Is.LessThanOrEqualTo(S2NormTol.Float64VsNaive), "dx");
                Assert.That(S2NormReference.RelMaxAbs(fusedDs, s.Grad!.ToDoubleArray()), Is.LessThanOrEqualTo(S2NormTol.Float64VsNaive), "dscalars");
            });
        }
    }

    [TestCase(6, 5, 16)]
    [TestCase(2, 300, 3)]
    public void RmsNormMatchesNaive(int lmax, int n, int c)
    {
        var k = (lmax + 1) * (lmax + 1);
        var x = GradCheck.Random(41, -2, 3, n, k, c);
        var w = GradCheck.Random(42, 0.5, 1.5, lmax + 1, c);
        var b = GradCheck.Random(43, -1, 1, c);
        var y = EqOp.EquivariantRmsNorm(null, x, w, b).ToDoubleArray();
        var expected = S2NormReference.RmsNorm(x.ToDoubleArray(), w.ToDoubleArray(), b.ToDoubleArray(), n, lmax, c, 1e-5);
        Assert.That(S2NormReference.RelMaxAbs(y, expected), Is.LessThanOrEqualTo(S2NormTol.Float64VsNaive));
    }

    [TestCase(6, 7, 16, 24)]
    [TestCase(6, 200, 32, 118)]
    public void So3LinearMatchesNaive(int lmax, int n, int cin, int cout)
    {
        var k = (lmax + 1) * (lmax + 1);
        var x = GradCheck.Random(51, -1, 1, n, k, cin);
        var w = GradCheck.Random(52, -1, 1, lmax + 1, cout, cin);
        var b = GradCheck.Random(53, -1, 1, cout);
        var y = EqOp.So3Linear(null, x, w, b).ToDoubleArray();
        var expected = S2NormReference.So3Linear(x.ToDoubleArray(), w.ToDoubleArray(), b.ToDoubleArray(), n, lmax, cin, cout);
        Assert.That(S2NormReference.RelMaxAbs(y, expected), Is.LessThanOrEqualTo(S2NormTol.Float64VsNaive));
    }

    [Test]
    public void Float32MatchesFloat64ForwardAndBackward()
    {
        var grid = S2Grid.Create(6, 2);
        var grid66 = S2Grid.Create(6, 6);
        var (n, c) = (6, 8);
        var cases = new (string Name, Func<Tape, Tensor[], Tensor> F, Tensor[] Inputs)[]
        {
            ("SeparableS2Silu(6,2)", (t, a) => EqOp.SeparableS2Silu(t, a[0], a[1], grid),
                [GradCheck.Random(61, -2, 2, n, c), GradCheck.Random(62, -1, 1, n, 29, c)]),
            ("SeparableS2Silu(6,6)", (t, a) => EqOp.SeparableS2Silu(t, a[0], a[1], grid66),
                [GradCheck.Random(63, -2, 2, n, c), GradCheck.Random(64, -1, 1, n, 49, c)]),
            ("ToGrid", (t, a) => EqOp.ToGrid(t, a[0], grid), [GradCheck.Random(65, -1, 1, n, 29, c)]),
            ("FromGrid", (t, a) => EqOp.FromGrid(t, a[0], grid), [GradCheck.Random(66, -1, 1, n, 70, c)]),
            ("EquivariantRmsNorm", (t, a) => EqOp.EquivariantRmsNorm(t, a[0], a[1], a[2]),
                [GradCheck.Random(67, -1, 2, n, 49, c), GradCheck.Random(68, 0.5, 1.5, 7, c), GradCheck.Random(69, -1, 1, c)]),
            ("So3Linear", (t, a) => EqOp.So3Linear(t, a[0], a[1], a[2]),
                [GradCheck.Random(70, -1, 1, n, 49, c), GradCheck.Random(71, -1, 1, 7, 5, c), GradCheck.Random(72, -1, 1, 5)]),
        };
        foreach (var (name, f, inputs64) in cases)
        {
            var (y64, g64) = RunWithGrads(f, inputs64);
            var inputs32 = inputs64.Select(t => { var u = t.To(DType.Float32); u.RequiresGrad = true; return u; }).ToArray();
            var (y32, g32) = RunWithGrads(f, inputs32);
            var err = S2NormReference.RelMaxAbs(y32, y64);
            for (var i = 0; i < g64.Length; i++)
            {
                err = Math.Max(err, S2NormReference.RelMaxAbs(g32[i], g64[i]));
            }

            TestContext.Out.WriteLine($"{name}: float32 vs float64 {err:E2}");
            Assert.That(err, Is.LessThanOrEqualTo(S2NormTol.Float32VsFloat64), name);
        }
    }

    [Test]
    public void BitwiseIdenticalForOneAndFourThreads()
    {
        var grid = S2Grid.Create(6, 2);
        var (n, c) = (257, 16);
        Func<Tape, Tensor[], Tensor>[] ops =
        [
            (t, a) => EqOp.SeparableS2Silu(t, a[0], a[1], grid),
            (t, a) => EqOp.EquivariantRmsNorm(t, a[2], a[3], a[4]),
            (t, a) => EqOp.So3Linear(t, a[2], a[5], a[4]),
        ];
        var inputs = new[]
        {
            GradCheck.Random(81, -2, 2, n, c), GradCheck.Random(82, -1, 1, n, 29, c), GradCheck.Random(83, -1, 1, n, 49, c),
            GradCheck.Random(84, 0.5, 1.5, 7, c), GradCheck.Random(85, -1, 1, c), GradCheck.Random(86, -1, 1, 7, c, c),
        }.Select(t => { var u = t.To(DType.Float32); u.RequiresGrad = true; return u; }).ToArray();
        var before = CpuParallel.Threads;
        try
        {
            foreach (var f in ops)
            {
                CpuParallel.Threads = 1;
                var (y1, g1) = RunWithGrads(f, inputs);
                CpuParallel.Threads = 4;
                var (y4, g4) = RunWithGrads(f, inputs);
                Assert.That(y4, Is.EqualTo(y1));
                Assert.That(g4, Is.EqualTo(g1));
            }
        }
        finally
        {
            CpuParallel.Threads = before;
        }
    }

    [Test]
    public void ErrorsNameTheOpAndShapes()
    {
        var grid = S2Grid.Create(6, 2);
        var e = Assert.Throws<ShapeMismatchException>(() => EqOp.ToGrid(null, Tensor.Zeros(new Shape(2, 49, 3), DType.Float32), grid))!;
        Assert.That(e.Message, Does.Contain("ToGrid").And.Contain("29").And.Contain("[2, 49, 3]"));
        e = Assert.Throws<ShapeMismatchException>(() => EqOp.SeparableS2Silu(null, Tensor.Zeros(new Shape(2, 4), DType.Float32),
            Tensor.Zeros(new Shape(2, 29, 3), DType.Float32), grid))!;
        Assert.That(e.Message, Does.Contain("SeparableS2Silu").And.Contain("[2, 3]"));
        e = Assert.Throws<ShapeMismatchException>(() => EqOp.EquivariantRmsNorm(null, Tensor.Zeros(new Shape(2, 29, 3), DType.Float32),
            Tensor.Zeros(new Shape(7, 3), DType.Float32), Tensor.Zeros(new Shape(3), DType.Float32)))!;
        Assert.That(e.Message, Does.Contain("EquivariantRmsNorm").And.Contain("[N, 49, 3]"));
        e = Assert.Throws<ShapeMismatchException>(() => EqOp.So3Linear(null, Tensor.Zeros(new Shape(2, 49, 3), DType.Float32),
            Tensor.Zeros(new Shape(7, 5, 4), DType.Float32), null))!;
        Assert.That(e.Message, Does.Contain("So3Linear").And.Contain("[N, 49, 4]"));
    }

    /// <summary>y and the gradients of every input for the fixed seed dL/dy = 1 + (index mod 7)/7.</summary>
    private static (double[] Y, double[][] Grads) RunWithGrads(Func<Tape, Tensor[], Tensor> f, Tensor[] inputs)
    {
        foreach (var t in inputs)
        {
            t.Grad = null;
        }

        using var tape = new Tape();
        var y = f(tape, inputs);
        var seed = Tensor.FromArray(Enumerable.Range(0, (int)y.Numel).Select(i => 1 + (i % 7) / 7.0).ToArray(), y.Shape.ToArray()).To(y.DType);
        tape.Backward(y, seed);
        return (y.ToDoubleArray(), inputs.Where(t => t.Grad is not null).Select(t => t.Grad!.ToDoubleArray()).ToArray());
    }
}
