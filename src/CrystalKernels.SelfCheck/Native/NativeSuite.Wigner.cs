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

    private void WignerRotateMatchesTheDenseProductAndItsAdjoints() => CheckRotate(inverse: false);

    private void WignerRotateInverseMatchesTheDenseProductAndItsAdjoints() => CheckRotate(inverse: true);

    /// <summary>Forward against the dense float64 product; backward by the adjoint identities
    /// ⟨in, d_in⟩ = ⟨out, d_out⟩ = ⟨D, dD⟩. Rotate maps K → K_reduced coefficients, the inverse K_reduced → K.</summary>
    private void CheckRotate(bool inverse)
    {
        var (kernel, wigner, blocks) = RotateSetup();
        using var _ = wigner;
        var (kIn, kOut, name) = inverse ? (RotLayout.KReduced, RotLayout.K, "rotate_inv") : (RotLayout.K, RotLayout.KReduced, "rotate");
        var input = Uniform(inverse ? "rotinv-y" : "rot-x", RotEdges * kIn * RotC, -1f, 1f);
        var dOut = Uniform(inverse ? "rotinv-dx" : "rot-dy", RotEdges * kOut * RotC, -1f, 1f);
        using var gIn = Gpu.Upload<float>(input);
        using var gOut = Gpu.Allocate<float>(dOut.Length);
        using var gdOut = Gpu.Upload<float>(dOut);
        using var gdIn = Gpu.Allocate<float>(input.Length);
        using var gdw = Gpu.Allocate<float>(blocks.Length);
        gdIn.Zero();
        gdw.Zero();
        if (inverse)
        {
            kernel.RotateInverse(gIn, wigner, gOut, RotC);
            kernel.RotateInverseBackward(gIn, wigner, gdOut, gdIn, gdw, RotC);
        }
        else
        {
            kernel.Rotate(gIn, wigner, gOut, RotC);
            kernel.RotateBackward(gIn, wigner, gdOut, gdIn, gdw, RotC);
        }

        var output = gOut.ToArray();
        Expect.Below(RelativeToMaxAbs(output, DenseRotate(blocks, input, inverse)), GpuTol.Float32, $"{name} vs dense float64 product");
        var lhs = Dot(output, dOut);
        Expect.Near(Dot(input, gdIn.ToArray()), lhs, GpuTol.Float32LongSum, $"<in, d_in> vs <{name}(in), d_out>");
        Expect.Near(Dot(blocks, gdw.ToArray()), lhs, GpuTol.Float32LongSum, $"<D, dD> vs <{name}(in), d_out>");
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
