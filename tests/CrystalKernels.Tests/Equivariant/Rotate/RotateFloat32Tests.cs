using CrystalKernels.Equivariant.Layout;
using CrystalKernels.Equivariant.Ops;
using CrystalKernels.Tensors;
using CrystalKernels.Tensors.Autograd;

namespace CrystalKernels.Tests.Equivariant.Rotate;

/// <summary>
/// Float32 vs float64 on the same float32-representable inputs (features and Wigner blocks rounded once), forward and
/// both gradients, so only the float32 arithmetic is measured.
/// </summary>
public class RotateFloat32Tests
{
    private static readonly SphericalLayout L6M2 = new(6, 2);

    [TestCase(37)]
    [TestCase(256)]
    public void RotateAndRotateInvAgree(int c)
    {
        var w = RotateTestData.Wigner(21, 23, L6M2, DType.Float32);
        var x32 = RotateTestData.Uniform(22, 23, L6M2.K, c).To(DType.Float32);
        var r32 = Run(x32, w.Blocks);
        var r64 = Run(x32.To(DType.Float64), w.Blocks.To(DType.Float64));
        string[] names = ["rotate", "rotate_inv", "dx", "dblocks"];
        double[] tol = [RotateTol.Float32, RotateTol.Float32, RotateTol.Float32, RotateTol.Float32BlockGrad];
        var errors = names.Select((_, i) => RotateTestData.RelMax(r32[i], r64[i])).ToArray();
        TestContext.Out.WriteLine($"C={c} float32 vs float64, max abs err / max abs: " + string.Join(", ", names.Zip(errors, (n, e) => $"{n} {e:E2}")));
        Assert.Multiple(() =>
        {
            for (var i = 0; i < names.Length; i++)
            {
                Assert.That(errors[i], Is.LessThanOrEqualTo(tol[i]), names[i]);
            }
        });
    }

    /// <summary>[Rotate(x), RotateInv(Rotate(x)), dL/dx, dL/dBlocks] for L = ⟨seed, RotateInv(Rotate(x))⟩.</summary>
    private static double[][] Run(Tensor x0, Tensor blocks0)
    {
        var (x, blocks) = (x0.To(x0.DType), blocks0.To(blocks0.DType));
        x.RequiresGrad = blocks.RequiresGrad = true;
        using var tape = new Tape();
        var y = EqOp.Rotate(tape, x, blocks, L6M2);
        var z = EqOp.RotateInv(tape, y, blocks, L6M2);
        tape.Backward(z, RotateTestData.Uniform(23, z.Shape.Dims.ToArray()).To(x.DType));
        return [y.ToDoubleArray(), z.ToDoubleArray(), x.Grad!.ToDoubleArray(), blocks.Grad!.ToDoubleArray()];
    }
}
