using CrystalKernels.Equivariant.Frames;
using CrystalKernels.Equivariant.Layout;
using CrystalKernels.Equivariant.So3;
using CrystalKernels.Equivariant.Wigner;
using CrystalKernels.Native.Kernels;
using CrystalKernels.Native.Runtime;
using CrystalKernels.Tensors;
using static CrystalKernels.SelfCheck.Native.HostArrays;

namespace CrystalKernels.SelfCheck.Native;

/// <summary>
/// ck_wigner_rotate_* with the truncated blocks of <see cref="EdgeWigner"/>: forward against the dense product of
/// paper-spec §3.6 in float64; backward by the identities that define it (both maps are linear in x and in D):
/// ⟨rotate(x), dy⟩ = ⟨x, dx⟩ and ⟨dy, y⟩ = ⟨D, dD⟩, likewise for the inverse.
/// </summary>
public sealed partial class NativeSuite
{
    private const int RotEdges = 37;
    private const int RotC = 48;
    private static readonly SphericalLayout RotLayout = new(6, 2);

    private void WignerRotateMatchesTheDenseProductAndItsAdjoints()
    {
        var (kernel, wigner, blocks) = RotateSetup();
        using var _ = wigner;
        var x = Uniform("rot-x", RotEdges * RotLayout.K * RotC, -1f, 1f);
        var dy = Uniform("rot-dy", RotEdges * RotLayout.KReduced * RotC, -1f, 1f);
        using var gx = Gpu.Upload<float>(x);
        using var gy = Gpu.Allocate<float>(dy.Length);
        using var gdy = Gpu.Upload<float>(dy);
        using var gdx = Gpu.Allocate<float>(x.Length);
        using var gdw = Gpu.Allocate<float>(blocks.Length);
        gdx.Zero();
        gdw.Zero();
        kernel.Rotate(gx, wigner, gy, RotC);
        kernel.RotateBackward(gx, wigner, gdy, gdx, gdw, RotC);

        var y = gy.ToArray();
        Expect.Below(RelativeToMaxAbs(y, DenseRotate(blocks, x, inverse: false)), GpuTol.Float32, "rotate vs dense float64 product");
        var lhs = Dot(y, dy);
        Expect.Near(Dot(x, gdx.ToArray()), lhs, GpuTol.Float32LongSum, "<x, dx> vs <rotate(x), dy>");
        Expect.Near(Dot(blocks, gdw.ToArray()), lhs, GpuTol.Float32LongSum, "<D, dD> vs <rotate(x), dy>");
    }

    private void WignerRotateInverseMatchesTheDenseProductAndItsAdjoints()
    {
        var (kernel, wigner, blocks) = RotateSetup();
        using var _ = wigner;
        var y = Uniform("rotinv-y", RotEdges * RotLayout.KReduced * RotC, -1f, 1f);
        var dx = Uniform("rotinv-dx", RotEdges * RotLayout.K * RotC, -1f, 1f);
        using var gy = Gpu.Upload<float>(y);
        using var gx = Gpu.Allocate<float>(dx.Length);
        using var gdx = Gpu.Upload<float>(dx);
        using var gdy = Gpu.Allocate<float>(y.Length);
        using var gdw = Gpu.Allocate<float>(blocks.Length);
        gdy.Zero();
        gdw.Zero();
        kernel.RotateInverse(gy, wigner, gx, RotC);
        kernel.RotateInverseBackward(gy, wigner, gdx, gdy, gdw, RotC);

        var x = gx.ToArray();
        Expect.Below(RelativeToMaxAbs(x, DenseRotate(blocks, y, inverse: true)), GpuTol.Float32, "rotate_inv vs dense float64 product");
        var lhs = Dot(x, dx);
        Expect.Near(Dot(y, gdy.ToArray()), lhs, GpuTol.Float32LongSum, "<y, dy> vs <rotate_inv(y), dx>");
        Expect.Near(Dot(blocks, gdw.ToArray()), lhs, GpuTol.Float32LongSum, "<D, dD> vs <rotate_inv(y), dx>");
    }

    private (WignerRotateKernel Kernel, DeviceBuffer<float> Wigner, float[] Blocks) RotateSetup()
    {
        var vec = Uniform("rot-edges", RotEdges * 3, -3f, 3f);
        var w = EdgeWigner.Compute(Tensor.FromArray(vec, RotEdges, 3), RotLayout, RollVector.Fixture, DType.Float32);
        var blocks = w.Blocks.ToFloatArray();
        var buffer = Gpu.Upload<float>(blocks);
        return (new WignerRotateKernel(Library, RotLayout.LMax, RotLayout.MMax), buffer, blocks);
    }

    // Dense float64 form of §3.6: rotate = D[reduced rows, :] x; rotate_inv = (Dᵀ[:, reduced cols] ⊙ S) y.
    private static double[] DenseRotate(float[] blocks, float[] input, bool inverse)
    {
        var (k, kr, w) = (RotLayout.K, RotLayout.KReduced, RotLayout.TruncatedRotationSize);
        var scale = RotateInvRescale.PerDegree(RotLayout);
        var output = new double[RotEdges * (inverse ? k : kr) * RotC];
        for (var e = 0; e < RotEdges; e++)
        {
            var r0 = 0;
            for (var l = 0; l <= RotLayout.LMax; l++)
            {
                var (n, rows, off) = ((2 * l) + 1, RotLayout.RowsKept(l), RotLayout.TruncatedBlockOffset(l));
                for (var r = 0; r < rows; r++)
                {
                    for (var j = 0; j < n; j++)
                    {
                        var d = (double)blocks[(e * w) + off + (r * n) + j];
                        for (var c = 0; c < RotC; c++)
                        {
                            if (inverse)
                            {
                                output[(((e * k) + (l * l) + j) * RotC) + c] += scale[l] * d * input[(((e * kr) + r0 + r) * RotC) + c];
                            }
                            else
                            {
                                output[(((e * kr) + r0 + r) * RotC) + c] += d * input[(((e * k) + (l * l) + j) * RotC) + c];
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
