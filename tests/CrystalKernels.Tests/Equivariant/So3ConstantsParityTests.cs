using CrystalKernels.Equivariant.Layout;
using CrystalKernels.Equivariant.Radial;
using CrystalKernels.Equivariant.So3;
using CrystalKernels.Tests.Support;

namespace CrystalKernels.Tests.Equivariant;

/// <summary>The SO(3) constants generated from formulas against the so3-constants reference fixture (paper-spec §7.1).</summary>
[Category(Categories.Parity)]
[Category(Categories.Data)]
public class So3ConstantsParityTests
{
    private static readonly SphericalLayout L6M2 = new(6, 2);

    [TestCase(0)]
    [TestCase(1)]
    [TestCase(2)]
    [TestCase(3)]
    [TestCase(4)]
    [TestCase(5)]
    [TestCase(6)]
    public void JMatrixMatchesShippedJd(int l)
    {
        var fx = So3Fixture.Constants();
        var err = Diff.MaxAbs(JMatrices.Of(l), fx.Doubles($"J_{l}"));
        TestContext.Out.WriteLine($"J_{l}: max abs err {err:E2}");
        Assert.That(err, Is.LessThanOrEqualTo(Tol.So3Constant));
    }

    [Test]
    public void IndexMapsMatchReference()
    {
        var fx = So3Fixture.Constants();
        Assert.Multiple(() =>
        {
            Assert.That(L6M2.K, Is.EqualTo(49));
            Assert.That(L6M2.KReduced, Is.EqualTo(29));
            Assert.That(L6M2.TruncatedRotationSize, Is.EqualTo(235));
            Assert.That(L6M2.ToString(), Is.EqualTo("L6M2"));
            Assert.That(L6M2.FullL(), Is.EqualTo(fx.Ints("full_l")));
            Assert.That(L6M2.FullM(), Is.EqualTo(fx.Ints("full_m")));
            Assert.That(L6M2.ReducedToFull(), Is.EqualTo(fx.Ints("reduced_to_full")));
            Assert.That(L6M2.ReducedL(), Is.EqualTo(fx.Ints("reduced_l")));
            Assert.That(L6M2.ReducedM(), Is.EqualTo(fx.Ints("reduced_m")));
            Assert.That(L6M2.MSize(), Is.EqualTo(fx.Ints("m_size")));
            Assert.That(L6M2.MMajorToReduced(), Is.EqualTo(fx.Ints("m_major_to_reduced")));
            Assert.That(L6M2.ReducedToMMajor(), Is.EqualTo(fx.Ints("reduced_to_m_major")));
        });
    }

    [Test]
    public void MMajorGatherEqualsDensePermutation()
    {
        // The reference's to_m: x_mmajor = to_m @ x_reduced; our gather must be the same permutation.
        var toM = So3Fixture.Constants().Doubles("to_m");
        var map = L6M2.MMajorToReduced();
        for (var p = 0; p < 29; p++)
        {
            for (var i = 0; i < 29; i++)
            {
                Assert.That(toM[(p * 29) + i], Is.EqualTo(map[p] == i ? 1.0 : 0.0), $"to_m[{p},{i}]");
            }
        }
    }

    [Test]
    public void RotateInvRescaleMatchesReference()
    {
        var fx = So3Fixture.Constants();
        var perL = Diff.MaxAbs(RotateInvRescale.PerDegree(L6M2), fx.Doubles("rotate_inv_rescale_per_l"));
        var dense = Diff.MaxAbs(RotateInvRescale.Dense(L6M2), fx.Doubles("rotate_inv_rescale"));
        TestContext.Out.WriteLine($"rescale: per-l {perL:E2}, dense {dense:E2}");
        Assert.That(Math.Max(perL, dense), Is.LessThanOrEqualTo(Tol.So3Constant));
    }

    [Test]
    public void GaussianSmearingMatchesBothBuilds()
    {
        var fx = So3Fixture.Constants();
        var g = GaussianSmearing.Paper;
        var centres = Diff.MaxAbs(g.Centres(), fx.Doubles("gaussian_offset"));
        var centres32 = Diff.MaxAbs(g.Float32Centres().Select(v => (double)v).ToArray(), fx.Doubles("gaussian_offset_f32"));
        var coeff = Math.Abs((g.Coefficient / fx.Doubles("gaussian_coeff")[0]) - 1);
        var coeff32 = Math.Abs((g.Float32BuildCoefficient / fx.Doubles("gaussian_coeff_f32build")[0]) - 1);
        TestContext.Out.WriteLine($"centres {centres:E2}, f32 centres {centres32:E2}, coeff rel {coeff:E2}, f32-build coeff rel {coeff32:E2}");
        Assert.Multiple(() =>
        {
            Assert.That(centres, Is.LessThanOrEqualTo(Tol.So3Constant));
            Assert.That(centres32, Is.LessThanOrEqualTo(Tol.So3ConstantFloat32));
            Assert.That(coeff, Is.LessThanOrEqualTo(Tol.So3Constant));
            Assert.That(coeff32, Is.LessThanOrEqualTo(Tol.So3Constant));
        });
    }

    [Test]
    public void ModelDivisorsMatchReference()
    {
        var v = So3Fixture.Constants().Doubles("avg_degree_and_num_nodes");
        Assert.That(new[] { EquiformerConstants.AvgDegree, EquiformerConstants.AvgNumNodes }, Is.EqualTo(v));
    }
}
