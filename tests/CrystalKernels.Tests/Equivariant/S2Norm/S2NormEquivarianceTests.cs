using CrystalKernels.Equivariant.Ops;
using CrystalKernels.Equivariant.Wigner;
using CrystalKernels.Tensors;
using CrystalKernels.Tensors.Random;
using CrystalKernels.Tests.Support;

namespace CrystalKernels.Tests.Equivariant.S2Norm;

/// <summary>The RMS norm and SO3_LinearV2 commute with rotations: f(D x) = D f(x), D block-diagonal over l (exact maps).</summary>
[Category(Categories.Equivariance)]
public class S2NormEquivarianceTests
{
    /// <summary>Float64 rounding of a few hundred O(1) flops; measured ≲ 1e-15.</summary>
    private const double Tolerance = 1e-12;

    [Test]
    public void RmsNormAndSo3LinearCommuteWithRotations()
    {
        const int lmax = 6;
        var (n, c) = (5, 6);
        var rng = RngStream.Create(7, "s2norm-equivariance");
        var x = GradCheck.Random(91, -1, 1, n, 49, c);
        var w = GradCheck.Random(92, 0.5, 1.5, lmax + 1, c);
        var b = GradCheck.Random(93, -1, 1, c);
        var lw = GradCheck.Random(94, -1, 1, lmax + 1, 4, c);
        var lb = GradCheck.Random(95, -1, 1, 4);
        for (ulong trial = 0; trial < 3; trial++)
        {
            var a = RandomRotations.Angles(rng, trial);
            var d = WignerD.Blocks(lmax, a.Alpha, a.Beta, a.Gamma);
            var rx = Rotate(x, d);
            var normErr = S2NormReference.RelMaxAbs(
                EqOp.EquivariantRmsNorm(null, rx, w, b).ToDoubleArray(), Rotate(EqOp.EquivariantRmsNorm(null, x, w, b), d).ToDoubleArray());
            var linErr = S2NormReference.RelMaxAbs(
                EqOp.So3Linear(null, rx, lw, lb).ToDoubleArray(), Rotate(EqOp.So3Linear(null, x, lw, lb), d).ToDoubleArray());
            TestContext.Out.WriteLine($"rotation {trial}: norm {normErr:E2}, so3 linear {linErr:E2}");
            Assert.That(Math.Max(normErr, linErr), Is.LessThanOrEqualTo(Tolerance));
        }
    }

    /// <summary>y[n, (l, m'), c] = Σ_m D^l[m', m] x[n, (l, m), c].</summary>
    private static Tensor Rotate(Tensor x, double[][] d)
    {
        var (n, k, c) = (x.Shape[0], x.Shape[1], x.Shape[2]);
        var xs = x.ToDoubleArray();
        var y = new double[xs.Length];
        for (var node = 0; node < n; node++)
        {
            for (var l = 0; l < d.Length; l++)
            {
                var dim = (2 * l) + 1;
                for (var mp = 0; mp < dim; mp++)
                {
                    for (var m = 0; m < dim; m++)
                    {
                        for (var ch = 0; ch < c; ch++)
                        {
                            y[(((node * k) + (l * l) + mp) * c) + ch] += d[l][(mp * dim) + m] * xs[(((node * k) + (l * l) + m) * c) + ch];
                        }
                    }
                }
            }
        }

        return Tensor.FromArray(y, n, k, c);
    }
}
