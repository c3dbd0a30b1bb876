using System.Numerics;
using CrystalKernels.Equivariant.Radial;
using CrystalKernels.Tensors;
using CrystalKernels.Tensors.Autograd;
using CrystalKernels.Tensors.Backends.Cpu;

namespace CrystalKernels.Equivariant.Ops;

/// <summary>
/// Gaussian distance expansion (paper-spec §2.3, OCP GaussianSmearing): g[e, k] = exp(coeff · (d_e − μ_k)²).
/// Backward: dd[e] += Σ_k dy[e, k] · g[e, k] · 2 coeff (d_e − μ_k); this is the only path by which the reference's
/// position gradient reaches the edge vectors. Float64 uses the float64 build's centres and coefficient (−1794.005 for
/// the paper config), float32 the float32 build's (float32 linspace, −1794.004804), so each matches the reference
/// build of its own precision.
/// </summary>
public static partial class EqOp
{
    public static Tensor GaussianBasis(Tape? tape, Tensor distance, GaussianSmearing smearing)
    {
        const string name = nameof(GaussianBasis);
        ShapeMismatchException.Require(distance.Rank == 1, name, $"distance must be [E], got {distance.Describe()}");
        ShapeMismatchException.Require(distance.DType is DType.Float32 or DType.Float64, name, $"distance must be float32 or float64, got {distance.Describe()}");
        var k = smearing.Count;
        var y = Tensor.Empty(new Shape(distance.Shape[0], k), distance.DType, distance.Device, tape);
        if (distance.DType == DType.Float64)
        {
            GaussianForward(distance, smearing.Centres(), smearing.Coefficient, y);
        }
        else
        {
            GaussianForward(distance, smearing.Float32Centres(), (float)smearing.Float32BuildCoefficient, y);
        }

        if (tape is not null && tape.ShouldRecord(distance))
        {
            tape.Record(name, y, [distance], () =>
            {
                if (distance.DType == DType.Float64)
                {
                    GaussianBackward(distance, smearing.Centres(), smearing.Coefficient, y, y.Grad!, tape.GradOf(distance));
                }
                else
                {
                    GaussianBackward(distance, smearing.Float32Centres(), (float)smearing.Float32BuildCoefficient, y, y.Grad!, tape.GradOf(distance));
                }
            });
        }

        return y;
    }

    private static void GaussianForward<T>(Tensor distance, T[] mu, T coeff, Tensor y)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var k = mu.Length;
        CpuParallel.For(distance.Numel, Math.Max(1, 16384 / k), (e0, e1) =>
        {
            var d = distance.Span<T>();
            var ys = y.Span<T>();
            for (var e = (int)e0; e < (int)e1; e++)
            {
                var row = ys.Slice(e * k, k);
                for (var j = 0; j < k; j++)
                {
                    var x = d[e] - mu[j];
                    row[j] = T.Exp(coeff * (x * x));
                }
            }
        });
    }

    /// <summary>dd[e] += Σ_k dy[e, k] · g[e, k] · 2 coeff (d_e − μ_k), from the saved output g.</summary>
    private static void GaussianBackward<T>(Tensor distance, T[] mu, T coeff, Tensor y, Tensor dy, Tensor dd)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var k = mu.Length;
        var twoCoeff = coeff + coeff;
        CpuParallel.For(distance.Numel, Math.Max(1, 16384 / k), (e0, e1) =>
        {
            var d = distance.Span<T>();
            var ys = y.Span<T>();
            var dys = dy.Span<T>();
            var dds = dd.Span<T>();
            for (var e = (int)e0; e < (int)e1; e++)
            {
                var acc = T.Zero;
                for (var j = 0; j < k; j++)
                {
                    var i = (e * k) + j;
                    acc += dys[i] * ys[i] * (d[e] - mu[j]);
                }

                dds[e] += twoCoeff * acc;
            }
        });
    }
}
