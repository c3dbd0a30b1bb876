using CrystalKernels.Tensors.Autograd;
using CrystalKernels.Tensors.Kernels;

namespace CrystalKernels.Tensors.Ops;

/// <summary>
/// c[M, N] = op(a) · op(b), op(a) = a[M, K] or, with transposeA, aᵀ of a stored [K, M]; op(b) = b[K, N] or bᵀ of b
/// stored [N, K]. Backward (dC = dy): d op(a) = dC · op(b)ᵀ and d op(b) = op(a)ᵀ · dC, each written in the layout its
/// tensor is stored in, so each is one GEMM that accumulates (beta = 1) with the flags below.
/// </summary>
public static partial class Op
{
    public static Tensor MatMul(Tape? tape, Tensor a, Tensor b, bool transposeA = false, bool transposeB = false)
    {
        const string name = nameof(MatMul);
        ReduceArgs.RequireFloat(name, a, b);
        ShapeMismatchException.Require(a.Rank == 2 && b.Rank == 2, name, $"needs rank-2 a and b, got a {a.Shape} and b {b.Shape}");
        var (m, n, k) = GemmDims(name, a.Shape[0], a.Shape[1], b.Shape[0], b.Shape[1], transposeA, transposeB, a, b);
        var c = Tensor.Empty(new Shape(m, n), a.DType, a.Device, tape);
        RecordGemm(tape, name, 1, m, n, k, a, b, c, transposeA, transposeB);
        return c;
    }

    /// <summary>(M, N, K) of op(a) · op(b), or an error naming the op, the flags and both shapes.</summary>
    private static (int M, int N, int K) GemmDims(string name, int a0, int a1, int b0, int b1, bool transA, bool transB, Tensor a, Tensor b)
    {
        var (m, ka) = transA ? (a1, a0) : (a0, a1);
        var (kb, n) = transB ? (b1, b0) : (b0, b1);
        ShapeMismatchException.Require(ka == kb, name,
            $"inner dimensions differ: op(a) is {m}x{ka} (a {a.Shape}{(transA ? " transposed" : string.Empty)}), op(b) is {kb}x{n} (b {b.Shape}{(transB ? " transposed" : string.Empty)})");
        return (m, n, ka);
    }

    /// <summary>Runs the forward GEMM and records the backward of a (possibly batched) product.</summary>
    private static void RecordGemm(Tape? tape, string name, int batch, int m, int n, int k, Tensor a, Tensor b, Tensor c, bool transA, bool transB)
    {
        var kern = a.Device.Backend.MatMul;
        kern.Gemm(batch, transA, transB, m, n, k, a, b, c, beta: 0.0);
        if (tape is null || !tape.ShouldRecord(a, b))
        {
            return;
        }

        tape.Record(name, c, [a, b], () =>
        {
            var dc = c.Grad!;
            if (a.RequiresGrad)
            {
                GemmBackwardA(kern, batch, m, n, k, dc, b, tape.GradOf(a), transA, transB);
            }

            if (b.RequiresGrad)
            {
                GemmBackwardB(kern, batch, m, n, k, a, dc, tape.GradOf(b), transA, transB);
            }
        });
    }

    /// <summary>da += dC · op(b)ᵀ ([M, K]) or, for a stored transposed, op(b) · dCᵀ ([K, M]).</summary>
    private static void GemmBackwardA(IMatMulKernels kern, int batch, int m, int n, int k, Tensor dc, Tensor b, Tensor da, bool transA, bool transB)
    {
        if (!transA)
        {
            // op(b)ᵀ is b itself when b is stored [N, K], else bᵀ.
            kern.Gemm(batch, false, !transB, m, k, n, dc, b, da, beta: 1.0);
        }
        else
        {
            kern.Gemm(batch, transB, true, k, m, n, b, dc, da, beta: 1.0);
        }
    }

    /// <summary>db += op(a)ᵀ · dC ([K, N]) or, for b stored transposed, dCᵀ · op(a) ([N, K]).</summary>
    private static void GemmBackwardB(IMatMulKernels kern, int batch, int m, int n, int k, Tensor a, Tensor dc, Tensor db, bool transA, bool transB)
    {
        if (!transB)
        {
            kern.Gemm(batch, !transA, false, k, n, m, a, dc, db, beta: 1.0);
        }
        else
        {
            kern.Gemm(batch, true, transA, n, k, m, dc, a, db, beta: 1.0);
        }
    }
}
