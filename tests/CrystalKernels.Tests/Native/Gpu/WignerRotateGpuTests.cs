using CrystalKernels.Equivariant.Frames;
using CrystalKernels.Equivariant.Layout;
using CrystalKernels.Equivariant.So3;
using CrystalKernels.Equivariant.Wigner;
using CrystalKernels.Native.Kernels;
using CrystalKernels.Native.Runtime;
using CrystalKernels.Tensors;

namespace CrystalKernels.Tests.Native.Gpu;

/// <summary>
/// ck_wigner_rotate_* with the truncated blocks of <see cref="EdgeWigner"/>: forward against the dense product of
/// paper-spec §3.6 in float64; backward by the identities that define it (both maps are linear in x and in D):
/// ⟨rotate(x), dy⟩ = ⟨x, dx⟩ and ⟨dy, y⟩ = ⟨D, dD⟩, likewise for the inverse.
/// </summary>
public class WignerRotateGpuTests : GpuFixture
{
    private const int Edges = 37;
    private const int C = 48;
    private static readonly SphericalLayout Layout = new(6, 2);

    [Test]
    public void RotateMatchesTheDenseProductAndItsAdjoints()
    {
        var (kernel, wigner, blocks) = Setup();
        var x = Uniform("rot-x", Edges * Layout.K * C, -1f, 1f);
        var dy = Uniform("rot-dy", Edges * Layout.KReduced * C, -1f, 1f);
        using var gx = Gpu.Upload<float>(x);
        using var gy = Gpu.Allocate<float>(dy.Length);
        using var gdy = Gpu.Upload<float>(dy);
        using var gdx = Gpu.Allocate<float>(x.Length);
        using var gdw = Gpu.Allocate<float>(blocks.Length);
        gdx.Zero();
        gdw.Zero();
        kernel.Rotate(gx, wigner, gy, C);
        kernel.RotateBackward(gx, wigner, gdy, gdx, gdw, C);

        var y = gy.ToArray();
        Assert.That(RelativeToMaxAbs(y, DenseRotate(blocks, x, inverse: false)), Is.LessThan(GpuTol.Float32));
        var lhs = Dot(y, dy);
        Assert.That(Dot(x, gdx.ToArray()), Is.EqualTo(lhs).Within(GpuTol.Float32LongSum * Math.Abs(lhs)));
        Assert.That(Dot(blocks, gdw.ToArray()), Is.EqualTo(lhs).Within(GpuTol.Float32LongSum * Math.Abs(lhs)));
    }

    [Test]
    public void RotateInverseMatchesTheDenseProductAndItsAdjoints()
    {
        var (kernel, wigner, blocks) = Setup();
        var y = Uniform("rotinv-y", Edges * Layout.KReduced * C, -1f, 1f);
        var dx = Uniform("rotinv-dx", Edges * Layout.K * C, -1f, 1f);
        using var gy = Gpu.Upload<float>(y);
        using var gx = Gpu.Allocate<float>(dx.Length);
        using var gdx = Gpu.Upload<float>(dx);
        using var gdy = Gpu.Allocate<float>(y.Length);
        using var gdw = Gpu.Allocate<float>(blocks.Length);
        gdy.Zero();
        gdw.Zero();
        kernel.RotateInverse(gy, wigner, gx, C);
        kernel.RotateInverseBackward(gy, wigner, gdx, gdy, gdw, C);

        var x = gx.ToArray();
        Assert.That(RelativeToMaxAbs(x, DenseRotate(blocks, y, inverse: true)), Is.LessThan(GpuTol.Float32));
        var lhs = Dot(x, dx);
        Assert.That(Dot(y, gdy.ToArray()), Is.EqualTo(lhs).Within(GpuTol.Float32LongSum * Math.Abs(lhs)));
        Assert.That(Dot(blocks, gdw.ToArray()), Is.EqualTo(lhs).Within(GpuTol.Float32LongSum * Math.Abs(lhs)));
    }

    private (WignerRotateKernel Kernel, DeviceBuffer<float> Wigner, float[] Blocks) Setup()
    {
        var vec = Uniform("rot-edges", Edges * 3, -3f, 3f);
        var w = EdgeWigner.Compute(Tensor.FromArray(vec, Edges, 3), Layout, RollVector.Fixture, DType.Float32);
        var blocks = w.Blocks.ToFloatArray();
        var buffer = Gpu.Upload<float>(blocks);
        return (new WignerRotateKernel(Library, Layout.LMax, Layout.MMax), buffer, blocks);
    }

    // Dense float64 form of §3.6: rotate = D[reduced rows, :] x; rotate_inv = (Dᵀ[:, reduced cols] ⊙ S) y.
    private static double[] DenseRotate(float[] blocks, float[] input, bool inverse)
    {
        var (k, kr, w) = (Layout.K, Layout.KReduced, Layout.TruncatedRotationSize);
        var scale = RotateInvRescale.PerDegree(Layout);
        var output = new double[Edges * (inverse ? k : kr) * C];
        for (var e = 0; e < Edges; e++)
        {
            var r0 = 0;
            for (var l = 0; l <= Layout.LMax; l++)
            {
                var (n, rows, off) = ((2 * l) + 1, Layout.RowsKept(l), Layout.TruncatedBlockOffset(l));
                for (var r = 0; r < rows; r++)
                {
                    for (var j = 0; j < n; j++)
                    {
                        var d = (double)blocks[(e * w) + off + (r * n) + j];
                        for (var c = 0; c < C; c++)
                        {
                            if (inverse)
                            {
                                output[(((e * k) + (l * l) + j) * C) + c] += scale[l] * d * input[(((e * kr) + r0 + r) * C) + c];
                            }
                            else
                            {
                                output[(((e * kr) + r0 + r) * C) + c] += d * input[(((e * k) + (l * l) + j) * C) + c];
                            }
                        }
                    }
                }

                r0 += rows;
            }
        }

        return output;
    }
}
