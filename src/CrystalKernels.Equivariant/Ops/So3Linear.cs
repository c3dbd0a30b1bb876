using System.Numerics;
using CrystalKernels.Tensors;
using CrystalKernels.Tensors.Autograd;
using CrystalKernels.Tensors.Backends.Cpu;
using CrystalKernels.Tensors.Backends.Cpu.Gemm;

namespace CrystalKernels.Equivariant.Ops;

/// <summary>
/// SO3_LinearV2 (paper-spec §3.13): per-degree channel mixing y[n, (l,m), o] = Σ_c W[l, o, c] x[n, (l,m), c]
/// (+ b[o] on coefficient 0 only), x [N, (L+1)², Cin] full l-major, W [L+1, Cout, Cin], b [Cout] or none.
/// One GEMM per coefficient k: the rows x[:, k, :] are an [N, Cin] matrix with leading dimension K·Cin, so no gather
/// is needed (y_k = x_k W[l]ᵀ). Backward: dx_k += dy_k W[l]; dW[l] += Σ_{m} dy_kᵀ x_k (m in order); db += Σ_n dy[n, 0].
/// </summary>
public static partial class EqOp
{
    public static Tensor So3Linear(Tape? tape, Tensor x, Tensor weight, Tensor? bias)
    {
        const string name = nameof(So3Linear);
        ShapeMismatchException.SameKind(name, bias is null ? [x, weight] : [x, weight, bias]);
        ShapeMismatchException.Require(x.DType != DType.Int32, name, $"needs float32 or float64, got {x.Describe()}");
        ShapeMismatchException.Require(weight.Rank == 3, name, $"weight must be [L+1, Cout, Cin], got {weight.Describe()}");
        var (degrees, cout, cin) = (weight.Shape[0], weight.Shape[1], weight.Shape[2]);
        ShapeMismatchException.Require(x.Rank == 3 && x.Shape[1] == degrees * degrees && x.Shape[2] == cin, name,
            $"x must be [N, {degrees * degrees}, {cin}] for weight {weight.Shape}, got {x.Shape}");
        ShapeMismatchException.Require(bias is null || (bias.Rank == 1 && bias.Shape[0] == cout), name,
            $"bias must be [{cout}] for weight {weight.Shape}, got {bias?.Shape}");
        var y = Tensor.Empty(new Shape(x.Shape[0], degrees * degrees, cout), x.DType, x.Device, tape);
        Dispatch(x.DType, () => So3LinearKernel<float>.Forward(x, weight, bias, y), () => So3LinearKernel<double>.Forward(x, weight, bias, y));
        Tensor[] inputs = bias is null ? [x, weight] : [x, weight, bias];
        if (tape is not null && tape.ShouldRecord(inputs))
        {
            tape.Record(name, y, inputs, () =>
            {
                var dx = x.RequiresGrad ? tape.GradOf(x) : null;
                var dw = weight.RequiresGrad ? tape.GradOf(weight) : null;
                var db = bias is not null && bias.RequiresGrad ? tape.GradOf(bias) : null;
                Dispatch(x.DType,
                    () => So3LinearKernel<float>.Backward(x, weight, y.Grad!, dx, dw, db),
                    () => So3LinearKernel<double>.Backward(x, weight, y.Grad!, dx, dw, db));
            });
        }

        return y;
    }

    private static void Dispatch(DType dtype, Action f32, Action f64)
    {
        if (dtype == DType.Float32)
        {
            f32();
        }
        else
        {
            f64();
        }
    }
}

/// <summary>CPU forward and backward of <see cref="EqOp.So3Linear"/> on strided per-coefficient GEMMs.</summary>
internal static class So3LinearKernel<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>From this many multiply-adds per GEMM on, CpuGemm parallelises internally, so coefficients run in turn.</summary>
    private const long InnerParallelWork = 1L << 21;

    public static void Forward(Tensor x, Tensor weight, Tensor? bias, Tensor y)
    {
        var (n, k, cin) = (x.Shape[0], x.Shape[1], x.Shape[2]);
        var cout = weight.Shape[1];
        if (n == 0)
        {
            return;
        }

        var deg = Degree(k);
        ForCoefficients(k, (long)n * cout * cin, i =>
        {
            CpuGemm.Gemm(false, true, n, cout, cin, T.One, x.Span<T>()[(i * cin)..], k * cin,
                weight.Span<T>().Slice(deg[i] * cout * cin, cout * cin), cin, T.Zero, y.Span<T>()[(i * cout)..], k * cout);
            if (i == 0 && bias is not null)
            {
                var b = bias.Span<T>();
                var ys = y.Span<T>();
                for (var node = 0; node < n; node++)
                {
                    var row = ys.Slice(node * k * cout, cout);
                    for (var o = 0; o < cout; o++)
                    {
                        row[o] += b[o];
                    }
                }
            }
        });
    }

    public static void Backward(Tensor x, Tensor weight, Tensor dy, Tensor? dx, Tensor? dWeight, Tensor? dBias)
    {
        var (n, k, cin) = (x.Shape[0], x.Shape[1], x.Shape[2]);
        var (degrees, cout) = (weight.Shape[0], weight.Shape[1]);
        if (n == 0)
        {
            return;
        }

        var deg = Degree(k);
        var work = (long)n * cout * cin;
        if (dx is not null)
        {
            ForCoefficients(k, work, i => CpuGemm.Gemm(false, false, n, cin, cout, T.One, dy.Span<T>()[(i * cout)..], k * cout,
                weight.Span<T>().Slice(deg[i] * cout * cin, cout * cin), cin, T.One, dx.Span<T>()[(i * cin)..], k * cin));
        }

        if (dWeight is not null)
        {
            // One degree per task; its 2l+1 orders accumulate in m order (deterministic).
            ForCoefficients(degrees, work, l =>
            {
                for (var i = l * l; i < (l + 1) * (l + 1); i++)
                {
                    CpuGemm.Gemm(true, false, cout, cin, n, T.One, dy.Span<T>()[(i * cout)..], k * cout, x.Span<T>()[(i * cin)..], k * cin,
                        T.One, dWeight.Span<T>().Slice(l * cout * cin, cout * cin), cin);
                }
            });
        }

        if (dBias is not null)
        {
            var db = dBias.Span<T>();
            var dys = dy.Span<T>();
            for (var node = 0; node < n; node++)
            {
                var row = dys.Slice(node * k * cout, cout);
                for (var o = 0; o < cout; o++)
                {
                    db[o] += row[o];
                }
            }
        }
    }

    /// <summary>Runs body(i) for i in [0, count): in turn when each GEMM is big enough to use every core, else in parallel.</summary>
    private static void ForCoefficients(int count, long workPerGemm, Action<int> body)
    {
        if (workPerGemm >= InnerParallelWork)
        {
            for (var i = 0; i < count; i++)
            {
                body(i);
            }
        }
        else
        {
            CpuParallel.For(count, 1, (i0, i1) =>
            {
                for (var i = (int)i0; i < (int)i1; i++)
                {
                    body(i);
                }
            });
        }
    }

    private static int[] Degree(int k) => Enumerable.Range(0, k).Select(i => (int)Math.Sqrt(i)).ToArray();
}
