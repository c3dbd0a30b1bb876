using CrystalKernels.Equivariant.Frames;
using CrystalKernels.Equivariant.Layout;
using CrystalKernels.Equivariant.Wigner;
using CrystalKernels.Tensors;
using CrystalKernels.Tests.Support;

namespace CrystalKernels.Tests.Equivariant;

/// <summary>
/// Edge frames, Euler angles, Wigner-D blocks and the truncated rotate / rotate-inverse matrices against the wigner
/// fixture (79 edges: random, axes, exact and near poles, roll-vector-aligned), with the fixture's fixed roll vector.
/// </summary>
[Category(Categories.Parity)]
[Category(Categories.Data)]
public class EdgeWignerParityTests
{
    private static readonly SphericalLayout L6M2 = new(6, 2);

    [Test]
    public void RollVectorIsTheFixturesOne()
    {
        var fx = So3Fixture.Wigner();
        var u = fx.Doubles("roll_u");
        var v = RollVector.FromUniform(u[0], u[1], u[2]);
        Assert.That(v, Is.EqualTo(RollVector.Fixture));
    }

    [Test]
    public void FramesAndBranchesMatch()
    {
        var fx = So3Fixture.Wigner();
        var w = Compute(fx, DType.Float64);
        var err = Diff.MaxAbs(w.Frames, fx.Doubles("edge_rot_mat"));
        TestContext.Out.WriteLine($"edge_rot_mat max abs err {err:E2}");
        Assert.Multiple(() =>
        {
            Assert.That(w.RollBranch, Is.EqualTo(fx.Ints("roll_branch")));
            Assert.That(err, Is.LessThanOrEqualTo(Tol.Wigner));
        });
    }

    [Test]
    public void EulerAnglesMatchAwayFromExactPoles()
    {
        var fx = So3Fixture.Wigner();
        var w = Compute(fx, DType.Float64);
        var (a, b, g) = (fx.Doubles("euler_alpha"), fx.Doubles("euler_beta"), fx.Doubles("euler_gamma"));
        var (far, near) = (0.0, 0.0);
        for (var e = 0; e < w.EdgeCount; e++)
        {
            var y = Math.Abs(w.Frames[(e * 9) + 4]);
            if (y == 1.0)
            {
                continue; // α, γ depend on the sign of zero at the exact poles; D is compared there instead.
            }

            var err = Math.Max(Math.Abs(w.Angles[e].Alpha - a[e]), Math.Max(Math.Abs(w.Angles[e].Beta - b[e]), Math.Abs(w.Angles[e].Gamma - g[e])));
            if (y >= 0.999)
            {
                near = Math.Max(near, err);
            }
            else
            {
                far = Math.Max(far, err);
            }
        }

        TestContext.Out.WriteLine($"Euler angles max abs err: away from poles {far:E2}, within 1e-3 rad {near:E2}");
        Assert.That(far, Is.LessThanOrEqualTo(Tol.Wigner));
        Assert.That(near, Is.LessThanOrEqualTo(Tol.WignerNearPole));
    }

    [Test]
    public void WignerBlocksMatch()
    {
        var fx = So3Fixture.Wigner();
        var w = Compute(fx, DType.Float64);
        var (far, near) = (0.0, 0.0);
        for (var l = 0; l <= 6; l++)
        {
            var n = (2 * l) + 1;
            var reference = fx.Doubles($"wigner_D_l{l}");
            for (var e = 0; e < w.EdgeCount; e++)
            {
                var a = w.Angles[e];
                var err = Diff.MaxAbs(WignerD.Block(l, a.Alpha, a.Beta, a.Gamma), reference.AsSpan(e * n * n, n * n));
                Record(w, e, err, ref far, ref near);
            }
        }

        TestContext.Out.WriteLine($"wigner_D max abs err: away from poles {far:E2}, near poles {near:E2}");
        Assert.That(far, Is.LessThanOrEqualTo(Tol.Wigner));
        Assert.That(near, Is.LessThanOrEqualTo(Tol.WignerNearPole));
    }

    [Test]
    public void TruncatedRotateMatricesMatch()
    {
        var fx = So3Fixture.Wigner();
        var w = Compute(fx, DType.Float64);
        var (rot, inv) = (fx.Doubles("rotate_matrix"), fx.Doubles("rotate_inv_matrix"));
        var size = 29 * 49;
        var (far, near) = (0.0, 0.0);
        for (var e = 0; e < w.EdgeCount; e++)
        {
            var err = Math.Max(
                Diff.MaxAbs(w.RotateMatrix(e), rot.AsSpan(e * size, size)),
                Diff.MaxAbs(w.RotateInvMatrix(e), inv.AsSpan(e * size, size)));
            Record(w, e, err, ref far, ref near);
        }

        TestContext.Out.WriteLine($"rotate / rotate_inv max abs err: away from poles {far:E2}, near poles {near:E2}");
        Assert.That(far, Is.LessThanOrEqualTo(Tol.Wigner));
        Assert.That(near, Is.LessThanOrEqualTo(Tol.WignerNearPole));
    }

    [Test]
    public void Float32BlocksAreTheDoubleBlocksRounded()
    {
        var fx = So3Fixture.Wigner();
        var w32 = Compute(fx, DType.Float32);
        var w64 = Compute(fx, DType.Float64);
        Assert.That(w32.Blocks.DType, Is.EqualTo(DType.Float32));
        var rot = fx.Doubles("rotate_matrix");
        var worst = 0.0;
        for (var e = 0; e < w32.EdgeCount; e++)
        {
            worst = Math.Max(worst, Diff.MaxAbs(w32.RotateMatrix(e), rot.AsSpan(e * 29 * 49, 29 * 49)));
        }

        TestContext.Out.WriteLine($"float32 rotate_matrix vs float64 fixture: max abs err {worst:E2}");
        Assert.That(worst, Is.LessThanOrEqualTo(Tol.WignerFloat32));
        Assert.That(w32.Blocks.ToDoubleArray(), Is.EqualTo(w64.Blocks.ToDoubleArray().Select(v => (double)(float)v).ToArray()));
    }

    internal static EdgeWigner Compute(So3Fixture fx, DType dtype) =>
        EdgeWigner.Compute(Tensor.FromArray(fx.Doubles("edge_vec"), fx.Shape("edge_vec")), L6M2, RollVector.Fixture, dtype);

    private static void Record(EdgeWigner w, int e, double err, ref double far, ref double near)
    {
        if (Math.Abs(w.Frames[(e * 9) + 4]) >= 0.999)
        {
            near = Math.Max(near, err);
        }
        else
        {
            far = Math.Max(far, err);
        }
    }
}
