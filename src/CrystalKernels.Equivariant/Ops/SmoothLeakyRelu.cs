using System.Buffers;
using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using CrystalKernels.Tensors;
using CrystalKernels.Tensors.Autograd;
using CrystalKernels.Tensors.Backends.Cpu;
using Tensor = CrystalKernels.Tensors.Tensor;

namespace CrystalKernels.Equivariant.Ops;

public static partial class EqOp
{
    /// <summary>Elements per parallel chunk: the sigmoid scratch of one chunk stays in L2.</summary>
    private const int SmoothLeakyReluGrain = 16 * 1024;

    /// <summary>
    /// The attention logits' activation (paper-spec §3.12, FORK activation.py::SmoothLeakyReLU):
    /// f(x) = ((1+a)/2) x + ((1−a)/2) x (2σ(x) − 1), evaluated as x (a + (1−a) σ(x)) (the same function, no
    /// cancellation). Backward: dx += dy (a + (1−a)(σ + x σ (1−σ))).
    /// </summary>
    public static Tensor SmoothLeakyRelu(Tape? tape, Tensor x, double alpha = 0.2)
    {
        const string op = nameof(SmoothLeakyRelu);
        ShapeMismatchException.Require(x.DType is DType.Float32 or DType.Float64, op, $"needs a float32 or float64 tensor, got {x.Describe()}");
        if (!double.IsFinite(alpha))
        {
            throw new ArgumentException($"{op}: alpha must be finite, got {alpha}");
        }

        var y = x.EmptyLike(tape);
        if (x.DType == DType.Float32)
        {
            SmoothLeakyReluForward<float>(x, y, (float)alpha);
        }
        else
        {
            SmoothLeakyReluForward<double>(x, y, alpha);
        }

        if (tape is not null && tape.ShouldRecord(x))
        {
            tape.Record(op, y, [x], () =>
            {
                if (x.DType == DType.Float32)
                {
                    SmoothLeakyReluBackward<float>(x, y.Grad!, tape.GradOf(x), (float)alpha);
                }
                else
                {
                    SmoothLeakyReluBackward<double>(x, y.Grad!, tape.GradOf(x), alpha);
                }
            });
        }

        return y;
    }

    private static void SmoothLeakyReluForward<T>(Tensor tx, Tensor ty, T a)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        CpuParallel.For(tx.Numel, SmoothLeakyReluGrain, (s, e) =>
        {
            ReadOnlySpan<T> x = tx.Span<T>()[(int)s..(int)e];
            var y = ty.Span<T>()[(int)s..(int)e];
            TensorPrimitives.Sigmoid(x, y);
            TensorPrimitives.Multiply(y, T.One - a, y);
            TensorPrimitives.Add(y, a, y);
            TensorPrimitives.Multiply(x, y, y);
        });
    }

    private static void SmoothLeakyReluBackward<T>(Tensor tx, Tensor tdy, Tensor tdx, T a)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        CpuParallel.For(tx.Numel, SmoothLeakyReluGrain, (s, e) =>
        {
            ReadOnlySpan<T> x = tx.Span<T>()[(int)s..(int)e];
            ReadOnlySpan<T> dy = tdy.Span<T>()[(int)s..(int)e];
            var dx = tdx.Span<T>()[(int)s..(int)e];
            var buffer = ArrayPool<T>.Shared.Rent(x.Length);
            try
            {
                var sig = buffer.AsSpan(0, x.Length);
                TensorPrimitives.Sigmoid(x, sig);
                var b = T.One - a;
                var i = 0;
                var width = Vector<T>.Count;
                if (Vector.IsHardwareAccelerated)
                {
                    var (va, vb, one) = (new Vector<T>(a), new Vector<T>(b), Vector<T>.One);
                    ref var x0 = ref MemoryMarshal.GetReference(x);
                    ref var dy0 = ref MemoryMarshal.GetReference(dy);
                    ref var dx0 = ref MemoryMarshal.GetReference(dx);
                    ref var s0 = ref MemoryMarshal.GetReference(sig);
                    for (; i <= x.Length - width; i += width)
                    {
                        var (xv, sv) = (Vector.LoadUnsafe(ref x0, (nuint)i), Vector.LoadUnsafe(ref s0, (nuint)i));
                        var d = va + (vb * (sv + (xv * sv * (one - sv))));
                        (Vector.LoadUnsafe(ref dx0, (nuint)i) + (Vector.LoadUnsafe(ref dy0, (nuint)i) * d)).StoreUnsafe(ref dx0, (nuint)i);
                    }
                }

                for (; i < x.Length; i++)
                {
                    var sv = sig[i];
                    dx[i] += dy[i] * (a + (b * (sv + (x[i] * sv * (T.One - sv)))));
                }
            }
            finally
            {
                ArrayPool<T>.Shared.Return(buffer);
            }
        });
    }
}
