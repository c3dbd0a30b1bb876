using CrystalKernels.Equivariant.Grids;
using CrystalKernels.Tests.Support;

namespace CrystalKernels.Tests.Equivariant;

/// <summary>Both S2 grids (attention 6/2 and FFN 6/6) against the so3-constants fixture (paper-spec §3.11).</summary>
[Category(Categories.Parity)]
[Category(Categories.Data)]
public class S2GridParityTests
{
    [TestCase("attn", 6, 2, 14, 5)]
    [TestCase("ffn", 6, 6, 14, 15)]
    public void GridMatchesReference(string name, int lMax, int mMax, int resBeta, int resAlpha)
    {
        var fx = So3Fixture.Constants();
        var g = S2Grid.Create(lMax, mMax);
        Assert.That((g.ResBeta, g.ResAlpha), Is.EqualTo((resBeta, resAlpha)));
        Assert.That(fx.Shape($"grid_{name}_to_grid"), Is.EqualTo(new[] { resBeta, resAlpha, g.Layout.KReduced }));
        var errs = new Dictionary<string, double>
        {
            ["beta"] = Diff.MaxRel(g.Beta, fx.Doubles($"grid_{name}_beta")),
            ["alpha"] = Diff.MaxRel(g.Alpha, fx.Doubles($"grid_{name}_alpha")),
            ["quad_weight"] = Diff.MaxRel(g.QuadratureWeight, fx.Doubles($"grid_{name}_quad_weight")),
            ["to_grid"] = Diff.MaxRel(g.ToGrid, fx.Doubles($"grid_{name}_to_grid")),
            ["from_grid"] = Diff.MaxRel(g.FromGrid, fx.Doubles($"grid_{name}_from_grid")),
        };
        var f32 = new Dictionary<string, double>
        {
            ["to_grid_f32"] = Diff.MaxAbs(Round(g.ToGrid), fx.Doubles($"grid_{name}_to_grid_f32")),
            ["from_grid_f32"] = Diff.MaxAbs(Round(g.FromGrid), fx.Doubles($"grid_{name}_from_grid_f32")),
        };
        TestContext.Out.WriteLine(string.Join(", ", errs.Concat(f32).Select(kv => $"{kv.Key} {kv.Value:E2}")));
        Assert.Multiple(() =>
        {
            foreach (var (k, v) in errs)
            {
                Assert.That(v, Is.LessThanOrEqualTo(Tol.So3Constant), k);
            }

            foreach (var (k, v) in f32)
            {
                Assert.That(v, Is.LessThanOrEqualTo(Tol.So3ConstantFloat32), k);
            }
        });
    }

    [TestCase("attn", 6, 2)]
    [TestCase("ffn", 6, 6)]
    public void RoundTripMatchesReferenceAndSpec(string name, int lMax, int mMax)
    {
        var g = S2Grid.Create(lMax, mMax);
        var kr = g.Layout.KReduced;
        var ft = new double[kr * kr];
        for (var p = 0; p < g.Points; p++)
        {
            for (var i = 0; i < kr; i++)
            {
                for (var j = 0; j < kr; j++)
                {
                    ft[(i * kr) + j] += g.FromGrid[(p * kr) + i] * g.ToGrid[(p * kr) + j];
                }
            }
        }

        // Spec: identity for (6, 6); diag 1 for l ≤ 2 and (2l+1)/5 for l > 2 for (6, 2).
        var redL = g.Layout.ReducedL();
        var expected = new double[kr * kr];
        for (var i = 0; i < kr; i++)
        {
            expected[(i * kr) + i] = redL[i] > mMax ? ((2.0 * redL[i]) + 1) / ((2.0 * mMax) + 1) : 1.0;
        }

        var vsSpec = Diff.MaxAbs(ft, expected);
        var vsRef = Diff.MaxAbs(ft, So3Fixture.Constants().Doubles($"grid_{name}_roundtrip"));
        TestContext.Out.WriteLine($"{name} round trip: vs spec {vsSpec:E2}, vs reference {vsRef:E2}");
        Assert.That(Math.Max(vsSpec, vsRef), Is.LessThanOrEqualTo(Tol.So3Constant));
    }

    private static double[] Round(double[] a) => a.Select(v => (double)(float)v).ToArray();
}
