using CrystalKernels.Tensors;
using CrystalKernels.Tensors.Ops;
using CrystalKernels.Tests.Reduce;
using CrystalKernels.Tests.Support;

namespace CrystalKernels.Tests.MatMul;

public class MatMulTests
{
    private const int M = 3, K = 4, N = 2;

    /// <summary>Shape of an operand stored transposed or not.</summary>
    private static int[] Stored(int rows, int cols, bool transposed) => transposed ? [cols, rows] : [rows, cols];

    [Test]
    [Category(Categories.GradCheck)]
    public void MatMulEveryTransposeFlag([Values(false, true)] bool transA, [Values(false, true)] bool transB)
    {
        var a = GradCheck.Random(41, -1, 1, Stored(M, K, transA));
        var b = GradCheck.Random(42, -1, 1, Stored(K, N, transB));
        GradCheck.Assert($"MatMul(transA {transA}, transB {transB})", (t, x) => Op.MatMul(t, x[0], x[1], transA, transB), a, b);
    }

    [Test]
    [Category(Categories.GradCheck)]
    public void BatchedMatMulEveryTransposeFlag([Values(false, true)] bool transA, [Values(false, true)] bool transB)
    {
        var a = GradCheck.Random(43, -1, 1, [2, .. Stored(M, K, transA)]);
        var b = GradCheck.Random(44, -1, 1, [2, .. Stored(K, N, transB)]);
        GradCheck.Assert($"BatchedMatMul(transA {transA}, transB {transB})", (t, x) => Op.BatchedMatMul(t, x[0], x[1], transA, transB), a, b);
    }

    [Test]
    [Category(Categories.GradCheck)]
    public void MatMulWithAConstantOperandGradsOnlyTheOther()
    {
        var a = GradCheck.Random(45, -1, 1, M, K);
        var b = GradCheck.Random(46, -1, 1, K, N);
        b.RequiresGrad = false;
        GradCheck.Assert("MatMul(constant b)", (t, x) => Op.MatMul(t, x[0], x[1]), a, b);
        Assert.That(b.Grad, Is.Null);
    }

    [Test]
    public void HandValues()
    {
        var a = Tensor.FromArray(new double[] { 1, 2, 3, 4 }, 2, 2);
        var b = Tensor.FromArray(new double[] { 5, 6, 7, 8 }, 2, 2);
        Assert.That(Op.MatMul(null, a, b).ToDoubleArray(), Is.EqualTo(new double[] { 19, 22, 43, 50 }));
        // aᵀ b = [[1,3],[2,4]] [[5,6],[7,8]]; a bᵀ = [[1,2],[3,4]] [[5,7],[6,8]].
        Assert.That(Op.MatMul(null, a, b, transposeA: true).ToDoubleArray(), Is.EqualTo(new double[] { 26, 30, 38, 44 }));
        Assert.That(Op.MatMul(null, a, b, transposeB: true).ToDoubleArray(), Is.EqualTo(new double[] { 17, 23, 39, 53 }));
        Assert.That(Op.MatMul(null, a, b, true, true).ToDoubleArray(), Is.EqualTo(new double[] { 23, 31, 34, 46 }));
    }

    [Test]
    public void RectangularTransposedShapes()
    {
        // a stored [K, M] = [3, 2] transposed, b stored [N, K] = [4, 3] transposed: c is [2, 4].
        var a = GradCheck.Random(47, -1, 1, 3, 2);
        var b = GradCheck.Random(48, -1, 1, 4, 3);
        var c = Op.MatMul(null, a, b, true, true);
        Assert.That(c.Shape, Is.EqualTo(new Shape(2, 4)));
        var av = a.ToDoubleArray();
        var bv = b.ToDoubleArray();
        var cv = c.ToDoubleArray();
        for (var i = 0; i < 2; i++)
        {
            for (var j = 0; j < 4; j++)
            {
                var expect = 0.0;
                for (var p = 0; p < 3; p++)
                {
                    expect += av[p * 2 + i] * bv[j * 3 + p];
                }

                Assert.That(cv[i * 4 + j], Is.EqualTo(expect).Within(1e-14));
            }
        }
    }

    [Test]
    public void BatchedMatMulIsMatMulPerBatch()
    {
        var a = GradCheck.Random(49, -1, 1, 3, M, K);
        var b = GradCheck.Random(50, -1, 1, 3, N, K);
        var c = Op.BatchedMatMul(null, a, b, transposeB: true).ToDoubleArray();
        for (var p = 0; p < 3; p++)
        {
            var ap = Tensor.FromArray(a.ToDoubleArray().Skip(p * M * K).Take(M * K).ToArray(), M, K);
            var bp = Tensor.FromArray(b.ToDoubleArray().Skip(p * N * K).Take(N * K).ToArray(), N, K);
            Assert.That(c.Skip(p * M * N).Take(M * N), Is.EqualTo(Op.MatMul(null, ap, bp, transposeB: true).ToDoubleArray()), $"batch {p}");
        }
    }

    [Test]
    public void ShapeErrorsNameTheOp()
    {
        var a = Tensor.Zeros(new Shape(2, 3), DType.Float32);
        var b = Tensor.Zeros(new Shape(4, 5), DType.Float32);
        var e = Assert.Throws<ShapeMismatchException>(() => Op.MatMul(null, a, b))!;
        Assert.That(e.Message, Does.Contain("MatMul").And.Contain("[2, 3]").And.Contain("[4, 5]"));
        e = Assert.Throws<ShapeMismatchException>(() => Op.MatMul(null, a, a, transposeB: false))!;
        Assert.That(e.Message, Does.Contain("MatMul"));
        Assert.That(Op.MatMul(null, a, a, transposeB: true).Shape, Is.EqualTo(new Shape(2, 2)));
        e = Assert.Throws<ShapeMismatchException>(() => Op.BatchedMatMul(null, Tensor.Zeros(new Shape(2, 2, 3), DType.Float32), Tensor.Zeros(new Shape(3, 3, 2), DType.Float32)))!;
        Assert.That(e.Message, Does.Contain("BatchedMatMul").And.Contain("batch"));
        e = Assert.Throws<ShapeMismatchException>(() => Op.BatchedMatMul(null, a, a))!;
        Assert.That(e.Message, Does.Contain("BatchedMatMul").And.Contain("rank-3"));
        e = Assert.Throws<ShapeMismatchException>(() => Op.MatMul(null, a, Tensor.Zeros(new Shape(3, 2), DType.Float64)))!;
        Assert.That(e.Message, Does.Contain("MatMul").And.Contain("dtype"));
    }

    [Test]
    public void Float32AgreesWithFloat64([Values(false, true)] bool transA, [Values(false, true)] bool transB)
    {
        var a = GradCheck.Random(51, -1, 1, [2, .. Stored(5, 7, transA)]);
        var b = GradCheck.Random(52, -1, 1, [2, .. Stored(7, 6, transB)]);
        Float32Agreement.Assert("BatchedMatMul", (t, x) => Op.BatchedMatMul(t, x[0], x[1], transA, transB), a, b);
    }
}
